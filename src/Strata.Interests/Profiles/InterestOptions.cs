using System.ComponentModel.DataAnnotations;

namespace Strata.Interests.Profiles;

/// <summary>Settings of user interest profiles (<see cref="InterestProfile"/>).</summary>
public sealed class InterestOptions
{
    /// <summary>Half-life of the long-horizon strength <c>s_u(h)</c>: an event counts half as much after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "36500.00:00:00")]
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromDays(60);

    /// <summary>Half-life of the short-horizon strength used for trends (must be shorter than <see cref="HalfLife"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "36500.00:00:00")]
    public TimeSpan ShortHalfLife { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Pseudo-evidence of hierarchical smoothing, in event-weight units: a level's distribution is
    /// <c>(s⁺(h) + α·prior(h)) / (Σ s⁺ + α)</c>, so the prior fades as the user's evidence grows.
    /// </summary>
    [Range(0.0, 1000.0)]
    public float SmoothingStrength { get; set; } = 2f;

    /// <summary>Number of meso interests returned as separate query vectors (multi-interest).</summary>
    [Range(1, 100)]
    public int TopInterests { get; set; } = 5;

    /// <summary>Contributing events kept per meso node for explanations (the most strongly weighted after decay).</summary>
    [Range(0, 32)]
    public int ContributorsPerNode { get; set; } = 3;

    /// <summary>A node's trend (short-horizon share − long-horizon share) beyond ± this marks it emerging or fading.</summary>
    [Range(0.0, 1.0)]
    public float TrendThreshold { get; set; } = 0.05f;

    /// <summary>Throws when the options are inconsistent.</summary>
    public void Validate()
    {
        if (HalfLife <= TimeSpan.Zero) throw new ArgumentException("HalfLife must be positive.");
        if (ShortHalfLife <= TimeSpan.Zero || ShortHalfLife >= HalfLife) throw new ArgumentException("ShortHalfLife must be positive and shorter than HalfLife.");
        if (SmoothingStrength < 0) throw new ArgumentException("SmoothingStrength must be ≥ 0.");
        if (TopInterests < 1) throw new ArgumentException("TopInterests must be ≥ 1.");
        if (ContributorsPerNode < 0) throw new ArgumentException("ContributorsPerNode must be ≥ 0.");
    }
}
