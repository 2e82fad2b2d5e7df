namespace Strata.Interests.Profiles;

/// <summary>Direction of a node's trend: its share of recent attention against its long-run share.</summary>
public enum InterestTrend
{
    Stable,
    /// <summary>Short-horizon share exceeds the long-horizon share by more than the threshold.</summary>
    Emerging,
    /// <summary>Short-horizon share falls below the long-horizon share by more than the threshold.</summary>
    Fading,
}
