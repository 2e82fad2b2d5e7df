using Strata.Recommend.Collaborative;
using Strata.Recommend.Fusion;

namespace Strata.Recommend.Tests.Fusion;

public sealed class StrataContractTests : RecommenderContract
{
    /// <summary>Strata's model sized for the checker board; the other Strata contracts vary it.</summary>
    internal static readonly StrataOptions Small = new()
    {
        CandidatesPerSource = 6,
        PopularCandidates = 2,
        Validation = new() { HoldoutFraction = 0.3, MinimumItems = 3 },
        Edlae = new EaseOptions { DropoutProbability = 0.33, LambdaCandidates = [0.5, 5] },
        ItemKnn = new ItemKnnOptions { Neighbours = 10 },
        Bpr = new BprOptions { Factors = 8, Epochs = 200, Threads = 1 },
        // Always the dense signals: past the limit the estimate drops on purpose (CollaborativeScaleTests), which is a change of model.
        DenseItemLimit = int.MaxValue,
    };

    protected override IRecommenderTrainer CreateTrainer() => new StrataTrainer(Small);
}
