using Strata.Recommend.Ranking;

namespace Strata.Recommend.Fusion;

/// <summary>Strata's validation ranking groups with, per group, the validation user it came from and its history bucket.</summary>
public sealed record ValidationGroups(RankingSamples Samples, IReadOnlyList<int> Users, IReadOnlyList<int> Buckets);
