namespace Strata.Recommend.Fusion;

/// <summary>
/// The validation check that chose Strata's ranker for one history-length bucket: the prior (the single signal ranking
/// validation groups best), the cross-validated nDCG@10 of the prior, the linear ranker and the boosted trees (NaN when
/// boosting is off) on held-out validation users, and which was kept (<see cref="PriorKind"/>, <see cref="LinearKind"/>
/// or <see cref="BoostedKind"/>).
/// </summary>
public sealed record RankerSelection(string Bucket, string Prior, double PriorNdcg, double LinearNdcg, double BoostedNdcg, string Chosen)
{
    public const string PriorKind = "prior", LinearKind = "linear", BoostedKind = "boosted";
}
