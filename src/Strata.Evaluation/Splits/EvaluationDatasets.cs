using Strata.Core;
using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Core.Interactions;
using Strata.Data;

namespace Strata.Evaluation.Splits;

/// <summary>The datasets <c>strata eval --dataset</c> accepts, read through <see cref="DatasetReaders"/>.</summary>
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
    /// Reads a dataset's catalogue and its interaction events. The item map is the catalogue in file order; users are
    /// numbered in order of first event. Only positive item events are kept (ratings, clicks, views, carts, purchases):
    /// tags and searches are text, not interactions, and would duplicate (user, item) pairs.
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
        return new EvaluationDataset(name, folder, root, catalog, builder.Build());
    }

    private static bool IsInteraction(EventType type) =>
        type is EventType.Rating or EventType.Click or EventType.View or EventType.AddToCart or EventType.Purchase;
}
