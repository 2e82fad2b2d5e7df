namespace Strata.Recommend.Validation;

/// <summary>How a validation split is carved out of the training events (never the test set).</summary>
public sealed record ValidationOptions
{
    /// <summary>Share of each user's distinct positive items held out.</summary>
    public double HoldoutFraction { get; init; } = 0.2;

    /// <summary>Users with fewer distinct positive items keep all of them for fitting.</summary>
    public int MinimumItems { get; init; } = 5;

    /// <summary>True: hold out each user's most recent items (next-item protocols); false: a random subset.</summary>
    public bool HoldOutLatest { get; init; }

    public int Seed { get; init; } = 17;
}
