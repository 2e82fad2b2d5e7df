using Strata.Recommend.Collaborative;
using Strata.Recommend.Fusion;

namespace Strata.Recommend.Tests.Fusion;

/// <summary>Strata's model above its dense item limit (implicit ALS and item-kNN instead of EDLAE and BPR) keeps the contract.</summary>
public sealed class ScalableStrataContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() => new StrataTrainer(new StrataOptions
    {
        CandidatesPerSource = 6,
        PopularCandidates = 2,
        Validation = new() { HoldoutFraction = 0.3, MinimumItems = 3 },
        ItemKnn = new ItemKnnOptions { Neighbours = 10 },
        DenseItemLimit = 0,
        ImplicitAls = new ImplicitAlsOptions { Factors = 8, Regularization = 1, Alpha = 8 },
    });
}
