namespace Strata.Recommend.Fusion;

/// <summary>
/// The validation check that chose Strata's ranker: nDCG@10 on held-out validation users of the prior (first signal
/// alone) and of the learned weights, and which was kept.
/// </summary>
public sealed record RankerSelection(double PriorNdcg, double LearnedNdcg, bool UsesLearnedWeights);
