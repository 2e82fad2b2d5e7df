using Strata.Recommend.Collaborative;

namespace Strata.Recommend.Tests.Collaborative;

public sealed class EdlaeContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() => EaseTrainer.Edlae(lambda: 1, dropoutProbability: 0.3);
}
