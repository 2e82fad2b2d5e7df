using Strata.Recommend.Collaborative;
using Strata.Recommend.Fusion;

namespace Strata.Recommend.Tests.Fusion;

/// <summary>Strata's model above its dense item limit (implicit ALS and item-kNN instead of EDLAE and BPR) keeps the contract.</summary>
public sealed class ScalableStrataContractTests : RecommenderContract
{
    internal static readonly StrataOptions Scalable = StrataContractTests.Small with
    {
        DenseItemLimit = 0,
        ImplicitAls = new ImplicitAlsOptions { Factors = 8, Regularization = 1, Alpha = 8 },
    };

    protected override IRecommenderTrainer CreateTrainer() => new StrataTrainer(Scalable);
}

/// <summary>The same model asked for candidates through indexes (no row scores the catalogue) keeps it too.</summary>
public sealed class IndexedStrataContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() => new StrataTrainer(ScalableStrataContractTests.Scalable with { IndexedCandidatesFrom = 0 });
}
