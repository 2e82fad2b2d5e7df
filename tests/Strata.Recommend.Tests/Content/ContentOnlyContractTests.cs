using Strata.Recommend.Content;

namespace Strata.Recommend.Tests.Content;

public sealed class ContentOnlyContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() => new ContentOnlyTrainer();
}
