using Strata.Recommend.Collaborative;

namespace Strata.Recommend.Tests.Collaborative;

public sealed class MostPopularContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() => new MostPopularTrainer();
    protected override bool Personalised => false;
}
