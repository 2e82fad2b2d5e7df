namespace Strata.Storage;

/// <summary>
/// The log of online experiments: which item each variant showed to whom, at which position and when, and which of
/// those impressions led to a click or a conversion. Impressions refer to the store's users and items, so erasing a
/// user (<see cref="IEventStore.DeleteUserAsync"/>) removes their impressions with their events, and a pseudonymised
/// store holds only pseudonyms here too.
/// </summary>
public interface IExperimentLog
{
    /// <summary>Appends impressions in one committed transaction (users the store has not seen are created).</summary>
    /// <exception cref="ArgumentException">An impression names an item the catalogue does not hold, or a field is empty; nothing is written.</exception>
    Task LogImpressionsAsync(IReadOnlyList<Impression> impressions, CancellationToken cancellationToken = default);

    /// <summary>
    /// Credits outcomes to the impressions that caused them: in every experiment, the user's latest impression of the
    /// item logged at or before the outcome's time gets the outcome, unless it already has it (one click per showing).
    /// One transaction; returns the number of impressions credited.
    /// </summary>
    Task<int> AttributeAsync(IReadOnlyList<Attribution> outcomes, CancellationToken cancellationToken = default);

    /// <summary>Per variant of one experiment (ordered by variant name): users shown a list, impressions, clicked impressions, users who converted.</summary>
    Task<IReadOnlyList<VariantTally>> TallyAsync(string experimentId, CancellationToken cancellationToken = default);

    /// <summary>One user's impressions in log order (any experiment).</summary>
    IAsyncEnumerable<LoggedImpression> ReadImpressionsAsync(string userId, CancellationToken cancellationToken = default);
}

/// <summary>An item a variant showed a user, at 1-based <see cref="Position"/> of the list.</summary>
public sealed record Impression(string ExperimentId, string Variant, string UserId, string ItemId, int Position, DateTimeOffset Time);

/// <summary>An impression as logged, with the outcomes credited to it.</summary>
public sealed record LoggedImpression(Impression Impression, bool Clicked, bool Converted);

/// <summary>What a user did with an item that an experiment may have shown them.</summary>
public enum ExperimentOutcome
{
    Click,
    Conversion,
}

/// <summary>An outcome to credit (<see cref="IExperimentLog.AttributeAsync"/>).</summary>
public sealed record Attribution(string UserId, string ItemId, ExperimentOutcome Outcome, DateTimeOffset Time);

/// <summary>One variant's counts: distinct users shown a list, impressions, impressions clicked, distinct users with a conversion.</summary>
public sealed record VariantTally(string Variant, long Users, long Impressions, long ClickedImpressions, long ConvertedUsers);

/// <summary>Checks shared by every store's <see cref="IExperimentLog.LogImpressionsAsync"/>.</summary>
public static class Impressions
{
    /// <exception cref="ArgumentException">A field is empty or the position is not positive.</exception>
    public static void Check(Impression impression)
    {
        if (string.IsNullOrEmpty(impression.ExperimentId) || string.IsNullOrEmpty(impression.Variant) ||
            string.IsNullOrEmpty(impression.UserId) || string.IsNullOrEmpty(impression.ItemId))
            throw new ArgumentException("An impression needs an experiment, a variant, a user and an item.", nameof(impression));
        if (impression.Position < 1) throw new ArgumentException($"Impression position {impression.Position} is not positive.", nameof(impression));
    }

    /// <summary>The column that records an outcome (the same name in every store).</summary>
    public static string Column(ExperimentOutcome outcome) => outcome switch
    {
        ExperimentOutcome.Click => "clicked",
        ExperimentOutcome.Conversion => "converted",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}
