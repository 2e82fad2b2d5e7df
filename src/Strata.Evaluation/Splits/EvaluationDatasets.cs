using Strata.Core;
using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Core.Interactions;
using Strata.Data;
using Strata.Storage;
using Strata.Storage.Postgres;

namespace Strata.Evaluation.Splits;

/// <summary>
/// Where <c>strata eval</c> reads a dataset: a built-in one by name (<c>--dataset</c>, with the fixed split files), any
/// folder <c>strata import</c> reads (<c>--format F --path DIR</c>, through the same <see cref="DatasetReaders"/>), or a
/// store (<c>--db</c>, opened by <see cref="Stores.Open(string, TimeProvider?)"/>: a SQLite file or PostgreSQL).
/// </summary>
public static class EvaluationDatasets
{
    private static readonly Dictionary<string, string> FormatOf = new(StringComparer.Ordinal)
    {
        ["ml-100k"] = "movielens-100k",
        ["ml-latest-small"] = "movielens-latest",
        ["ml-1m"] = "movielens-1m",
    };

    public static IReadOnlyList<string> Names { get; } = ["ml-100k", "ml-latest-small", "ml-1m"];

    /// <summary>
    /// Reads a built-in dataset's catalogue and its interaction events (see <see cref="Read(string, string, string?)"/>);
    /// its fixed split files are looked up in <c>&lt;data&gt;/splits</c>.
    /// </summary>
    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="dataRoot">Explicit data root, or null for <see cref="DataDirectory.Resolve"/>.</param>
    /// <exception cref="EvaluationException">Unknown dataset or missing folder.</exception>
    /// <exception cref="DataFormatException">A dataset file is malformed.</exception>
    public static EvaluationDataset Load(string name, string? dataRoot = null)
    {
        if (!FormatOf.TryGetValue(name, out var format))
            throw new EvaluationException($"unknown dataset '{name}' (expected one of: {string.Join(", ", Names)})");
        var root = DataDirectory.Resolve(dataRoot);
        var folder = Path.Combine(root, name);
        if (!Directory.Exists(folder)) throw new EvaluationException($"dataset folder not found: {folder} (set --data or {DataDirectory.EnvironmentVariable})");
        return Read(format, folder, name) with { SplitsRoot = Path.Combine(root, "splits") };
    }

    /// <summary>
    /// Reads a dataset folder in one of <see cref="DatasetReaders.Formats"/>. The item map is the catalogue in file order;
    /// users are numbered in order of first event. Only positive item events are kept (<see cref="IsInteraction"/>). No
    /// fixed split files apply: protocols are generated.
    /// </summary>
    /// <param name="name">Report name; null: the folder's name.</param>
    /// <exception cref="EvaluationException">Unknown format or missing folder.</exception>
    /// <exception cref="DataFormatException">A dataset file is missing or malformed (file, line and field named).</exception>
    public static EvaluationDataset Read(string format, string path, string? name = null)
    {
        if (!DatasetReaders.Formats.Contains(format.Trim().ToLowerInvariant()))
            throw new EvaluationException($"unknown format '{format}' (expected one of: {string.Join(", ", DatasetReaders.Formats)})");
        if (!Directory.Exists(path) && !File.Exists(path)) throw new EvaluationException($"dataset folder not found: {path}");
        var folder = Path.GetFullPath(path);
        name ??= Path.GetFileName(folder.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
        var reader = DatasetReaders.Open(format, folder);
        var catalog = reader.ReadItems().ToList();
        var items = IdMap.From(catalog.Select(i => i.Id));
        var builder = new EventTable.Builder(new IdMap(), items);
        foreach (var e in reader.ReadEvents())
        {
            if (e.ItemId is null || !IsInteraction(e.Type)) continue;
            if (!items.Contains(e.ItemId)) throw new EvaluationException($"{name}: an event names item '{e.ItemId}', which is not in the catalogue");
            builder.Add(e);
        }
        return new EvaluationDataset(name, folder, null, catalog, builder.Build());
    }

    /// <summary>
    /// Reads a store's catalogue (store order) and the interaction events of its log (sequence order), as
    /// <see cref="Read(string, string, string?)"/> reads a folder. A SQLite file must exist (evaluation never creates a store).
    /// </summary>
    /// <exception cref="EvaluationException">No such store file, or a store without items.</exception>
    public static async Task<EvaluationDataset> ReadStoreAsync(string location, CancellationToken cancellationToken = default)
    {
        var parsed = StoreLocation.Parse(location);
        if (parsed.Kind == StoreKind.Sqlite && !File.Exists(parsed.Target))
            throw new EvaluationException($"{location}: no such store (import a dataset first: strata import …)");
        await using var store = Stores.Open(parsed);
        var name = parsed.Kind == StoreKind.Sqlite ? Path.GetFileNameWithoutExtension(parsed.Target)
            : new Npgsql.NpgsqlConnectionStringBuilder(parsed.Target).Database ?? "postgres";
        return await ReadStoreAsync(store, store, name, parsed.ToString(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc cref="ReadStoreAsync(string, CancellationToken)"/>
    public static async Task<EvaluationDataset> ReadStoreAsync(ICatalogStore catalogStore, IEventStore eventStore, string name, string folder,
        CancellationToken cancellationToken = default)
    {
        var catalog = new List<Item>();
        await foreach (var item in catalogStore.ReadItemsAsync(cancellationToken).ConfigureAwait(false)) catalog.Add(item);
        if (catalog.Count == 0) throw new EvaluationException($"{folder}: the store holds no items (import a dataset first: strata import …)");
        var items = IdMap.From(catalog.Select(i => i.Id));
        var builder = new EventTable.Builder(new IdMap(), items);
        await foreach (var stored in eventStore.ReadSinceAsync(0, cancellationToken).ConfigureAwait(false))
        {
            var e = stored.Event;
            // A store holds a (stub) item for every event's item; one outside the catalogue read here cannot be ranked.
            if (e.ItemId is null || !IsInteraction(e.Type) || !items.Contains(e.ItemId)) continue;
            builder.Add(e);
        }
        return new EvaluationDataset(name, folder, null, catalog, builder.Build());
    }

    /// <summary>
    /// The event types evaluation keeps: ratings, clicks, views, carts, purchases. Tags and searches are text, not
    /// interactions, and would duplicate (user, item) pairs; impressions and dislikes are negatives.
    /// </summary>
    public static bool IsInteraction(EventType type) =>
        type is EventType.Rating or EventType.Click or EventType.View or EventType.AddToCart or EventType.Purchase;
}
