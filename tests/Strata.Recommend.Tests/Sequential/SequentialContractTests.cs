using Strata.Recommend.Sequential;

namespace Strata.Recommend.Tests.Sequential;

public sealed class SequentialContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() =>
        new SequentialTrainer(new SequentialOptions { Dimensions = 8, Window = 10, Epochs = 200, BatchSize = 16, Negatives = 8, LearningRate = 0.02f });
}
