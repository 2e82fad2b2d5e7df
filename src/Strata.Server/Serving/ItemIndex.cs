using System.Collections.Concurrent;
using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Core.Vectors;
using Strata.Interests.Taxonomies;
using Strata.Recommend;
using Strata.Server.Contracts;

namespace Strata.Server.Serving;

/// <summary>
/// The items of one served version: the fitted catalogue with its unit text vectors and its place in the taxonomy, and
/// the items upserted since the fit (placed by their text vector alone until the next refit). Answers item lookups,
/// similar items, the newest items and which items a list filter admits.
/// </summary>
internal sealed class ItemIndex(IReadOnlyList<Item> catalog, float[] vectors, int dimensions, Taxonomy taxonomy)
{
    private readonly ConcurrentDictionary<string, AddedItem> _added = new(StringComparer.Ordinal);
    private long _additions;

    /// <summary>Items in taxonomy item-index order.</summary>
    public IReadOnlyList<Item> Catalog => catalog;

    /// <summary>Row-major unit item vectors, one row per taxonomy item index.</summary>
    public float[] Vectors => vectors;

    public int Dimensions => dimensions;

    public Taxonomy Taxonomy => taxonomy;

    public IdMap Ids => taxonomy.Items;

    public ReadOnlySpan<float> Vector(int index) => vectors.AsSpan(index * dimensions, dimensions);

    /// <summary>Where an item sits in the tree: catalogue items by the fitted assignment, items added since by their vector.</summary>
    public ItemPlacement? Placement(string itemId)
    {
        var index = Ids.IndexOf(itemId);
        if (index >= 0) return Describe(itemId, taxonomy.PathOf(index));
        return _added.TryGetValue(itemId, out var added) ? Describe(itemId, added.Path) : null;
    }

    /// <summary>Registers items upserted since the fit: placed from their text vector alone; they join the models at the next refit.</summary>
    public IReadOnlyList<ItemPlacement> Add(IReadOnlyList<Item> items, float[] itemVectors)
    {
        var placements = new List<ItemPlacement>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            var vector = itemVectors.AsSpan(i * dimensions, dimensions).ToArray();
            var path = taxonomy.Place(vector);
            _added[items[i].Id] = new AddedItem(items[i], vector, path, Interlocked.Increment(ref _additions));
            placements.Add(Describe(items[i].Id, path));
        }
        return placements;
    }

    /// <summary>Forgets an item added since the fit (it was deleted).</summary>
    public void Remove(string itemId) => _added.TryRemove(itemId, out _);

    /// <summary>The n items nearest in meaning to an item (cosine of unit text vectors) that the filter admits, or null when the item is unknown.</summary>
    public IReadOnlyList<SimilarItem>? Similar(string itemId, int n, ListFilter filter)
    {
        float[] query;
        var index = Ids.IndexOf(itemId);
        if (index >= 0) query = Vector(index).ToArray();
        else if (_added.TryGetValue(itemId, out var added)) query = added.Vector;
        else return null;
        var scores = new float[catalog.Count];
        VectorMath.DotAll(vectors, dimensions, query, scores);
        if (index >= 0) scores[index] = float.NegativeInfinity;
        var top = new int[Math.Min(n, scores.Length)];
        var found = TopK.Select(scores, top, Excluded(filter));
        var result = new List<SimilarItem>(found);
        for (int r = 0; r < found; r++) result.Add(new SimilarItem(catalog[top[r]].Id, catalog[top[r]].Title, scores[top[r]]));
        return result;
    }

    /// <summary>
    /// The n newest items the filter admits: those added since the fit (newest first), then the fitted catalogue from the
    /// last item to enter the store to the first, with their positive events from <paramref name="eventsOf"/>.
    /// </summary>
    public IReadOnlyList<ListedItem> Latest(int n, ListFilter filter, Func<int, int> eventsOf)
    {
        var result = new List<ListedItem>(n);
        foreach (var added in _added.Values.OrderByDescending(a => a.Order))
        {
            if (result.Count == n) return result;
            if (Ids.IndexOf(added.Item.Id) < 0 && filter.Admits(added.Item))
                result.Add(new ListedItem(added.Item.Id, added.Item.Title, added.Item.Categories, 0));
        }
        for (int i = catalog.Count - 1; i >= 0 && result.Count < n; i--)
            if (filter.Admits(catalog[i])) result.Add(Listed(i, eventsOf(i)));
        return result;
    }

    /// <summary>Catalogue items (by index) that a list under <paramref name="filter"/> may not show.</summary>
    public bool[] Excluded(ListFilter filter)
    {
        var excluded = new bool[catalog.Count];
        if (filter.Categories.Count > 0)
            for (int i = 0; i < excluded.Length; i++) excluded[i] = !filter.Admits(catalog[i]);
        foreach (var id in filter.Hidden.Concat(filter.Exclude))
            if (Ids.IndexOf(id) is var index and >= 0) excluded[index] = true;
        return excluded;
    }

    public ListedItem Listed(int index, int events) => new(catalog[index].Id, catalog[index].Title, catalog[index].Categories, events);

    private ItemPlacement Describe(string itemId, TaxonomyPath path) =>
        new(itemId, path.Macro, taxonomy.Nodes[path.Macro].Label, path.Meso, taxonomy.Nodes[path.Meso].Label);

    /// <param name="Order">Increases with every addition, so the latest items come first in <c>GET /latest</c>.</param>
    private sealed record AddedItem(Item Item, float[] Vector, TaxonomyPath Path, long Order);
}
