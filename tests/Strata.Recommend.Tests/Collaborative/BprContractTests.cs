using Strata.Recommend.Collaborative;

namespace Strata.Recommend.Tests.Collaborative;

public sealed class BprContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() =>
        new BprTrainer(new BprOptions { Factors = 8, Epochs = 200, Threads = 1, LearningRate = 0.05f });
}
