using Strata.Recommend.Sequential;

namespace Strata.Recommend.Tests.Sequential;

public sealed class SequentialContractTests : RecommenderContract
{
    protected override IRecommenderTrainer CreateTrainer() =>
        new SequentialTrainer(new SequentialOptions { Dimensions = 8, Window = 10, Epochs = 60, BatchSize = 16, Negatives = 8, LearningRate = 0.02f });

    /// <summary>
    /// The checker board's block questions are not next-item questions: its events run in item order, so the item a user
    /// misses (the lowest of the block for half the users) never follows any item in training, and a next-item model
    /// rightly does not predict it. Personalisation by order is tested on a cycle in <see cref="SequentialTrainerTests"/>.
    /// </summary>
    protected override bool Personalised => false;
}
