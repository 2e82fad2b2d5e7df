namespace Strata.Recommend.Fusion;

/// <summary>
/// The families of signals Strata's ranker fuses, so an ablation can remove one whole family and measure what it
/// carried.
/// </summary>
public enum SignalFamily
{
    /// <summary>Collaborative filtering scores: EDLAE (whole history and recent items), EASE, item-kNN, BPR.</summary>
    Collaborative,

    /// <summary>Text similarity of items to the user's history (the <c>content</c> row; also the new-item slot's match).</summary>
    Content,

    /// <summary>The interest hierarchy's signals: level and multi-interest similarities, node shares in the profile.</summary>
    Hierarchy,

    /// <summary>A sequential interest model's next-interest score (an extra signal; present only when one is configured).</summary>
    Sequential,

    /// <summary>
    /// The item tower's tuned vectors (<see cref="StrataOptions.ItemTower"/>): without it, the content and hierarchy
    /// signals read the frozen encoder vectors.
    /// </summary>
    TunedText,

    /// <summary>Item popularity: the fallback candidates and features every list keeps, so never ablated.</summary>
    Popularity,
}

/// <summary>Names of <see cref="SignalFamily"/> values as reports and command lines spell them.</summary>
public static class SignalFamilies
{
    public static string Name(SignalFamily family) => family == SignalFamily.TunedText ? "tuned-text" : family.ToString().ToLowerInvariant();

    /// <summary>The families an ablation removes one at a time, in report order.</summary>
    public static IReadOnlyList<SignalFamily> Ablatable { get; } =
        [SignalFamily.Collaborative, SignalFamily.Content, SignalFamily.Hierarchy, SignalFamily.Sequential, SignalFamily.TunedText];
}
