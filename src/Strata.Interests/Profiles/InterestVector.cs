namespace Strata.Interests.Profiles;

/// <summary>One of a user's separate interests as a query (multi-interest retrieval): a meso node, its weight and a unit vector.</summary>
/// <param name="NodeId">The meso node.</param>
/// <param name="Weight">The user's smoothed probability of the node.</param>
/// <param name="Vector">Unit query vector (the node's centroid).</param>
public sealed record InterestVector(int NodeId, float Weight, float[] Vector);
