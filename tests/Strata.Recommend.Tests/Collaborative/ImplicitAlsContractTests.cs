using Strata.Recommend.Collaborative;

namespace Strata.Recommend.Tests.Collaborative;

public sealed class ImplicitAlsContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() =>
        new ImplicitAlsTrainer(new ImplicitAlsOptions { Factors = 8, Regularization = 0.1, Alpha = 8 });
}
