using Strata.Recommend.Fusion;
using Strata.Recommend.Ranking;

namespace Strata.Recommend.Tests.Fusion;

/// <summary>Strata's model with boosted trees among its rankers keeps the contract, saved model included.</summary>
public sealed class BoostedStrataContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() =>
        new StrataTrainer(StrataContractTests.Small with { Boosting = new LambdaMartOptions { Trees = 10, Leaves = 4, MinRowsInLeaf = 2 } });
}
