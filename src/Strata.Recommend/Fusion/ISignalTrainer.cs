namespace Strata.Recommend.Fusion;

/// <summary>Fits an <see cref="IItemSignals"/> on training data.</summary>
public interface ISignalTrainer
{
    IItemSignals Fit(RecommenderData data, CancellationToken cancellationToken = default);
}
