namespace Strata.Recommend.Fusion;

/// <summary>
/// The validation check that chose Strata's ranker: the prior (the single signal ranking validation groups best), the
/// nDCG@10 on held-out validation users of the prior and of the learned weights, and which was kept, for the validation
/// groups of one history-length bucket.
/// </summary>
public sealed record RankerSelection(string Bucket, string Prior, double PriorNdcg, double LearnedNdcg, bool UsesLearnedWeights);
