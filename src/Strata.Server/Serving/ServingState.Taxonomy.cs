using Strata.Core.Vectors;
using Strata.Server.Contracts;

namespace Strata.Server.Serving;

internal sealed partial class ServingState
{
    /// <summary>
    /// The tree with every node's label, terms and size, the positive events on its items, and up to <paramref name="samples"/>
    /// items per meso node that the filter admits: most popular first, then (among untouched items) nearest the node's centroid.
    /// </summary>
    public TaxonomyResponse Tree(int samples, ListFilter filter)
    {
        var excluded = _items.Excluded(filter);
        var itemMeso = Taxonomy.ItemMeso;
        var members = new List<int>[Taxonomy.NodeCount];
        var events = new long[Taxonomy.NodeCount];
        var popularity = _users.Popularity();
        for (int i = 0; i < itemMeso.Length; i++)
        {
            var meso = itemMeso[i];
            events[meso] += popularity[i];
            events[Taxonomy.Nodes[meso].ParentId] += popularity[i];
            if (!excluded[i]) (members[meso] ??= []).Add(i);
        }
        var macros = new List<TaxonomyMacroDto>(Taxonomy.MacroCount);
        for (int m = 0; m < Taxonomy.MacroCount; m++)
        {
            var macro = Taxonomy.Nodes[m];
            var mesos = new List<TaxonomyMesoDto>();
            foreach (var id in Taxonomy.Children(m))
            {
                var node = Taxonomy.Nodes[id];
                var sample = SampleItems(members[id] ?? [], Taxonomy.Centroid(id).ToArray(), popularity, samples);
                mesos.Add(new TaxonomyMesoDto(id, node.Label, node.Terms, node.Size, events[id], sample));
            }
            macros.Add(new TaxonomyMacroDto(m, macro.Label, macro.Terms, macro.Size, events[m], mesos));
        }
        return new TaxonomyResponse(Version, Catalog.Count, macros);
    }

    private List<ListedItem> SampleItems(List<int> members, float[] centroid, int[] popularity, int n)
    {
        var closeness = new Dictionary<int, float>(members.Count);
        foreach (var i in members) closeness[i] = VectorMath.Dot(_items.Vector(i), centroid);
        return members
            .OrderByDescending(i => popularity[i])
            .ThenByDescending(i => closeness[i])
            .ThenBy(i => i)
            .Take(n)
            .Select(i => _items.Listed(i, popularity[i]))
            .ToList();
    }
}
