using Strata.Recommend.Collaborative;

namespace Strata.Recommend.Tests.Collaborative;

public sealed class TunedEaseContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() => new EaseTrainer(new EaseOptions { LambdaCandidates = [0.5, 5] });
}
