using Strata.Interests.Taxonomies;

namespace Strata.Interests.Profiles;

/// <summary>A user's interest in one node at one time: the row of an explanation.</summary>
/// <param name="NodeId">Dense node id.</param>
/// <param name="Level">Macro or meso.</param>
/// <param name="ParentId">Macro parent of a meso node, -1 for a macro.</param>
/// <param name="Label">Node label.</param>
/// <param name="Strength">Long-horizon decayed strength <c>s_u(h)</c> (event-weight units; negative when negative feedback dominates).</param>
/// <param name="ShortStrength">Short-horizon decayed strength.</param>
/// <param name="Probability">Smoothed <c>P_u(h | level)</c>; sums to 1 over the level.</param>
/// <param name="Trend">Short-horizon share − long-horizon share, in [−1, 1].</param>
/// <param name="Direction">Trend classified by <see cref="InterestOptions.TrendThreshold"/>.</param>
/// <param name="Events">Number of the user's events under the node.</param>
/// <param name="TopEvents">The user's events that contribute most, strongest first.</param>
public sealed record NodeInterest(
    int NodeId,
    InterestLevel Level,
    int ParentId,
    string Label,
    float Strength,
    float ShortStrength,
    float Probability,
    float Trend,
    InterestTrend Direction,
    int Events,
    IReadOnlyList<ContributingEvent> TopEvents)
{
    /// <summary>Learned probability that the user engages with the node in the next period (<c>InterestStrengthModel</c>), when a model is in use.</summary>
    public float? Engagement { get; init; }
}
