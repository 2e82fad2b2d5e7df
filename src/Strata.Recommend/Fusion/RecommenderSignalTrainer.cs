namespace Strata.Recommend.Fusion;

/// <summary>Fits a recommender and exposes it as a signal (with a recent-items row when <c>recentItems</c> &gt; 0).</summary>
public sealed class RecommenderSignalTrainer(IRecommenderTrainer trainer, SignalFamily family, bool proposesCandidates, int recentItems = 0) : ISignalTrainer
{
    public SignalFamily Family => family;

    public IItemSignals Fit(RecommenderData data, CancellationToken cancellationToken = default) =>
        new RecommenderSignals(trainer.Fit(data, cancellationToken), proposesCandidates, recentItems, data.Feedback);

    public long EstimateBytes(DataShape shape) => trainer.EstimateBytes(shape);
}
