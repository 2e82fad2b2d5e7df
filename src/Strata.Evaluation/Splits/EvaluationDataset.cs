using Strata.Core.Domain;
using Strata.Core.Interactions;

namespace Strata.Evaluation.Splits;

/// <summary>
/// A dataset ready to split: its catalogue and its events over one id map. <c>Events.Items</c> maps the whole catalogue,
/// in <see cref="Catalog"/> order (item index i is <c>Catalog[i]</c>), so every split and every model share item indices.
/// </summary>
/// <param name="Name">Dataset name, e.g. <c>ml-100k</c>.</param>
/// <param name="Folder">Folder the dataset was read from.</param>
/// <param name="DataRoot">Root of all datasets (fixed splits live in <c>splits/</c> under it).</param>
public sealed record EvaluationDataset(string Name, string Folder, string DataRoot, IReadOnlyList<Item> Catalog, EventTable Events)
{
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
}
