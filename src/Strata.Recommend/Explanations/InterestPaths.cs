using Strata.Interests.Profiles;
using Strata.Core.Domain;
using Strata.Core.Ids;
using Strata.Interests.Taxonomies;

namespace Strata.Recommend.Explanations;

/// <summary>
/// The two-level interest structure explanations and diversity read: each item's meso group, each meso group's macro
/// parent, and their labels (macro › meso). Built from the interest taxonomy, or from catalogue categories when no
/// taxonomy exists yet.
/// </summary>
public sealed class InterestPaths
{
    private readonly string[] _macroLabels;
    private readonly string[] _mesoLabels;
    private readonly int[] _mesoMacro;
    private readonly int[] _itemMeso;

    /// <param name="macroLabels">Label per macro group.</param>
    /// <param name="mesoLabels">Label per meso group.</param>
    /// <param name="mesoMacro">Macro parent of each meso group.</param>
    /// <param name="itemMeso">Meso group of each item index.</param>
    public InterestPaths(string[] macroLabels, string[] mesoLabels, int[] mesoMacro, int[] itemMeso)
    {
        if (mesoMacro.Length != mesoLabels.Length) throw new ArgumentException("One macro parent per meso group.", nameof(mesoMacro));
        foreach (var meso in itemMeso)
            if ((uint)meso >= (uint)mesoLabels.Length) throw new ArgumentException($"Meso group {meso} is out of range.", nameof(itemMeso));
        foreach (var macro in mesoMacro)
            if ((uint)macro >= (uint)macroLabels.Length) throw new ArgumentException($"Macro group {macro} is out of range.", nameof(mesoMacro));
        _macroLabels = macroLabels; _mesoLabels = mesoLabels; _mesoMacro = mesoMacro; _itemMeso = itemMeso;
    }

    public int ItemCount => _itemMeso.Length;
    public int MesoCount => _mesoLabels.Length;
    public int MesoOf(int item) => _itemMeso[item];
    public int MacroOf(int item) => _mesoMacro[_itemMeso[item]];
    public string MacroLabel(int macro) => _macroLabels[macro];
    public string MesoLabel(int meso) => _mesoLabels[meso];
    public int MacroOfMeso(int meso) => _mesoMacro[meso];

    /// <summary>
    /// Paths from the interest taxonomy: its macro and meso nodes and their labels. Items the tree does not know
    /// (added after it was built) fall under an "Other › Other" group.
    /// </summary>
    public static InterestPaths FromTaxonomy(Taxonomy taxonomy, IdMap items)
    {
        var macroLabels = new string[taxonomy.MacroCount + 1];
        var mesoLabels = new string[taxonomy.MesoCount + 1];
        var mesoMacro = new int[taxonomy.MesoCount + 1];
        for (int m = 0; m < taxonomy.MacroCount; m++) macroLabels[m] = taxonomy.Nodes[m].Label;
        for (int j = 0; j < taxonomy.MesoCount; j++)
        {
            var node = taxonomy.Nodes[taxonomy.MacroCount + j];
            mesoLabels[j] = node.Label;
            mesoMacro[j] = node.ParentId;
        }
        macroLabels[^1] = "Other";
        mesoLabels[^1] = "Other";
        mesoMacro[^1] = taxonomy.MacroCount;
        var itemMeso = new int[items.Count];
        for (int i = 0; i < itemMeso.Length; i++)
        {
            var t = taxonomy.Items.IndexOf(items[i]);
            itemMeso[i] = t < 0 ? taxonomy.MesoCount : taxonomy.ItemMeso[t] - taxonomy.MacroCount;
        }
        return new InterestPaths(macroLabels, mesoLabels, mesoMacro, itemMeso);
    }

    /// <summary>
    /// Paths from catalogue categories: macro = the first category, meso = the first two (one when an item has one);
    /// items without categories fall under "Other". For flat genre sets (MovieLens) this reads "Action › Action / Sci-Fi".
    /// </summary>
    public static InterestPaths FromCategories(IReadOnlyList<Item> catalog)
    {
        var macros = new Dictionary<string, int>(StringComparer.Ordinal);
        var mesos = new Dictionary<string, int>(StringComparer.Ordinal);
        var macroLabels = new List<string>();
        var mesoLabels = new List<string>();
        var mesoMacro = new List<int>();
        var itemMeso = new int[catalog.Count];
        for (int i = 0; i < catalog.Count; i++)
        {
            var categories = catalog[i].Categories;
            var macroLabel = categories.Count > 0 ? categories[0] : "Other";
            var mesoLabel = categories.Count > 1 ? $"{categories[0]} / {categories[1]}" : macroLabel;
            if (!macros.TryGetValue(macroLabel, out var macro))
            {
                macro = macros[macroLabel] = macroLabels.Count;
                macroLabels.Add(macroLabel);
            }
            if (!mesos.TryGetValue(mesoLabel, out var meso))
            {
                meso = mesos[mesoLabel] = mesoLabels.Count;
                mesoLabels.Add(mesoLabel);
                mesoMacro.Add(macro);
            }
            itemMeso[i] = meso;
        }
        return new InterestPaths([.. macroLabels], [.. mesoLabels], [.. mesoMacro], itemMeso);
    }

    /// <summary>
    /// The user's strength per meso group, <c>s_u(h) = Σ w · 2^(−Δt / half_life)</c> over the history's events on items
    /// under h (Δt measured back from the latest event: shares are what allocation uses, and they do not depend on the
    /// reference time) — the profile's definition, with its weights and half-life, so diversity slots follow the same
    /// interests the profile shows.
    /// </summary>
    public float[] Strengths(UserHistory history, EventWeights weights, TimeSpan halfLife)
    {
        var strengths = new float[MesoCount];
        long latest = 0;
        for (int e = 0; e < history.Count; e++) latest = Math.Max(latest, history.Seconds[e]);
        var rate = 1.0 / Math.Max(1.0, halfLife.TotalSeconds);
        for (int e = 0; e < history.Count; e++)
        {
            var item = history.Items[e];
            if ((uint)item >= (uint)ItemCount) continue;
            strengths[_itemMeso[item]] += (float)(weights.Weigh(history.Types[e], history.Values[e]) * double.Exp2(-(latest - history.Seconds[e]) * rate));
        }
        return strengths;
    }
}
