using Strata.Core.Domain;
using Strata.Core.Interactions;

namespace Strata.Evaluation.Splits;

/// <summary>
/// A dataset ready to split: its catalogue and its events over one id map. <c>Events.Items</c> maps the whole catalogue,
/// in <see cref="Catalog"/> order (item index i is <c>Catalog[i]</c>), so every split and every model share item indices.
/// </summary>
/// <param name="Name">Dataset name, e.g. <c>ml-100k</c>, or the folder / store it was read from.</param>
/// <param name="Folder">Folder (or store location, without its password) the dataset was read from.</param>
/// <param name="SplitsRoot">Folder holding the fixed split files (<c>&lt;data&gt;/splits</c>) of the built-in datasets; null when none apply.</param>
public sealed record EvaluationDataset(string Name, string Folder, string? SplitsRoot, IReadOnlyList<Item> Catalog, EventTable Events)
{
    /// <summary>Event types whose test events count as relevant; null: every interaction the dataset keeps.</summary>
    public IReadOnlySet<EventType>? RelevantTypes { get; init; }

    /// <summary>True when a test event of <paramref name="type"/> makes its item relevant.</summary>
    public bool IsRelevant(EventType type) => RelevantTypes is null || RelevantTypes.Contains(type);

    /// <summary>The fixed split folder <c>&lt;splits&gt;/&lt;name&gt;-&lt;protocol&gt;</c> when this dataset has one, else null.</summary>
    public string? FixedSplit(string protocol) =>
        SplitsRoot is { } root && Path.Combine(root, $"{Name}-{protocol}") is var folder && Directory.Exists(folder) ? folder : null;

    /// <summary>True when the events carry real times (ml-1m pairs have none: every event is at the epoch).</summary>
    public bool HasTimestamps
    {
        get
        {
            for (int r = 0; r < Events.Count; r++)
                if (Events.Seconds[r] != 0) return true;
            return false;
        }
    }

    /// <summary>The distinct relevant items among <paramref name="rows"/> of <paramref name="table"/>, ascending.</summary>
    public int[] RelevantItems(EventTable table, IEnumerable<int> rows) => EventRows.DistinctItems(table, rows.Where(r => IsRelevant(table.Types[r])));
}
