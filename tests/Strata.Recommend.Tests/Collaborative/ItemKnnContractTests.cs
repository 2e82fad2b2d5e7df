using Strata.Recommend.Collaborative;

namespace Strata.Recommend.Tests.Collaborative;

public sealed class ItemKnnContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() => new ItemKnnTrainer(new ItemKnnOptions { Neighbours = 10 });
}
