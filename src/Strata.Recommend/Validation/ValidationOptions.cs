namespace Strata.Recommend.Validation;

/// <summary>How a validation split is carved out of the training events (never the test set).</summary>
public sealed record ValidationOptions
{
    /// <summary>Share of each user's distinct positive items held out.</summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>When above 0, hold out exactly this many items per user instead of <see cref="HoldoutFraction"/> (1 with
    /// <see cref="HoldOutLatest"/> mirrors leave-last-out).</summary>
    public int HoldoutCount { get; init; }

    /// <summary>Users with fewer distinct positive items keep all of them for fitting.</summary>
    public int MinimumItems { get; init; } = 5;

    /// <summary>True: hold out each user's most recent items (next-item protocols); false: a random subset.</summary>
    public bool HoldOutLatest { get; init; }

    /// <summary>
    /// Share of the users with at least <see cref="MinimumItems"/> items left out of the fit entirely ("cold validation
    /// users"): every positive item of theirs is held out, so queries built from their first few events ask exactly
    /// what a new user asks, about a model that never saw them.
    /// </summary>
    public double ColdUserFraction { get; init; }

    /// <summary>
    /// Users <see cref="ValidationSplit.NdcgAt"/> scores at most, a seeded sample above it: each scored user ranks the whole
    /// catalogue, so a tuning on a shop of 50,000 users × 10⁵ items spent minutes per candidate. Every MovieLens set
    /// (ml-1m: 6,040 users) is scored whole.
    /// </summary>
    public int MaxScoredUsers { get; init; } = 10_000;

    public int Seed { get; init; } = 17;
}
