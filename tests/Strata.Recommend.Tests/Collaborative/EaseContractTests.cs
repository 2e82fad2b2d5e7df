using Strata.Recommend.Collaborative;

namespace Strata.Recommend.Tests.Collaborative;

public sealed class EaseContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() => new EaseTrainer(new EaseOptions { Lambda = 1 });
}
