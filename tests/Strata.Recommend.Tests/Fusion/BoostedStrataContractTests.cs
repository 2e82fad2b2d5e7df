using Strata.Recommend.Collaborative;
using Strata.Recommend.Fusion;
using Strata.Recommend.Ranking;

namespace Strata.Recommend.Tests.Fusion;

/// <summary>Strata's model with boosted trees among its rankers keeps the contract, saved model included.</summary>
public sealed class BoostedStrataContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() => new StrataTrainer(new StrataOptions
    {
        CandidatesPerSource = 6,
        PopularCandidates = 2,
        Validation = new() { HoldoutFraction = 0.3, MinimumItems = 3 },
        Edlae = new EaseOptions { DropoutProbability = 0.33, LambdaCandidates = [0.5, 5] },
        ItemKnn = new ItemKnnOptions { Neighbours = 10 },
        Bpr = new BprOptions { Factors = 8, Epochs = 200, Threads = 1 },
        DenseItemLimit = int.MaxValue,
        Boosting = new LambdaMartOptions { Trees = 10, Leaves = 4, MinRowsInLeaf = 2 },
    });
}
