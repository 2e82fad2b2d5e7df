namespace Strata.Recommend.Fusion;

/// <summary>Fits an <see cref="IItemSignals"/> on training data.</summary>
public interface ISignalTrainer
{
    /// <summary>The family its rows belong to (what an ablation removes together).</summary>
    SignalFamily Family { get; }

    IItemSignals Fit(RecommenderData data, CancellationToken cancellationToken = default);

    /// <summary>Bytes its fit holds at the peak (<see cref="IRecommenderTrainer.EstimateBytes"/>).</summary>
    long EstimateBytes(DataShape shape);
}
