namespace Strata.Recommend.Fusion;

/// <summary>Fits a recommender and exposes it as a signal.</summary>
public sealed class RecommenderSignalTrainer(IRecommenderTrainer trainer, bool proposesCandidates) : ISignalTrainer
{
    public IItemSignals Fit(RecommenderData data, CancellationToken cancellationToken = default) =>
        new RecommenderSignals(trainer.Fit(data, cancellationToken), proposesCandidates);
}
