using Strata.Recommend.Collaborative;

namespace Strata.Recommend.Tests.Collaborative;

/// <summary>iALS choosing (λ, α) on a validation split carved from the checker board.</summary>
public sealed class TunedImplicitAlsContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() => new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = 8 });
}
