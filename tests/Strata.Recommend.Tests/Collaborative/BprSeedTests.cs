using Strata.Recommend.Collaborative;
using Strata.Recommend.Tests.Support;

namespace Strata.Recommend.Tests.Collaborative;

public sealed class BprSeedTests
{
    /// <summary>
    /// One thread and a seed fix the model across processes, not only within one: the per-epoch generators were once
    /// seeded through the per-process-salted HashCode.Combine. A recorded value catches any such salt.
    /// </summary>
    [Fact]
    public void One_thread_and_a_seed_give_the_same_model_in_every_process()
    {
        var model = new BprTrainer(new BprOptions { Factors = 4, Epochs = 20, Threads = 1, Seed = 5 }).Fit(Checkerboard.Create());
        var scores = new float[Checkerboard.Items];
        model.Score(UserHistory.OfItems(0, 2, 4), scores);
        Assert.Equal(RecordedUser0Item1Score, scores[1], 1e-6f);
    }

    private const float RecordedUser0Item1Score = -1.84176445f;
}
