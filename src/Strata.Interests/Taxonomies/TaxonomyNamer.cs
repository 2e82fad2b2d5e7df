using System.Text;
using Microsoft.Extensions.AI;
using Strata.Core.Domain;

namespace Strata.Interests.Taxonomies;

/// <summary>
/// Optional: asks a chat model for a short name per node from its distinctive terms and a few member titles.
/// The c-TF-IDF label stays when the model answers with nothing usable.
/// </summary>
public static class TaxonomyNamer
{
    /// <summary>Titles shown to the model per node.</summary>
    public const int SampleTitles = 8;

    public static async Task<Taxonomy> NameAsync(Taxonomy taxonomy, IReadOnlyList<Item> items, IChatClient chat, CancellationToken cancellationToken = default)
    {
        var titlesByNode = new List<string>[taxonomy.NodeCount];
        for (int h = 0; h < titlesByNode.Length; h++) titlesByNode[h] = [];
        for (int i = 0; i < items.Count; i++)
        {
            var index = taxonomy.Items.IndexOf(items[i].Id);
            if (index < 0) continue;
            var path = taxonomy.PathOf(index);
            if (titlesByNode[path.Macro].Count < SampleTitles) titlesByNode[path.Macro].Add(items[i].Title);
            if (titlesByNode[path.Meso].Count < SampleTitles) titlesByNode[path.Meso].Add(items[i].Title);
        }
        var renamed = new InterestNode[taxonomy.NodeCount];
        for (int h = 0; h < renamed.Length; h++)
        {
            var node = taxonomy.Nodes[h];
            var prompt = new StringBuilder()
                .AppendLine("Name this group of catalogue items in at most four words. Answer with the name only.")
                .AppendLine($"Distinctive terms: {string.Join(", ", node.Terms)}")
                .AppendLine($"Example items: {string.Join("; ", titlesByNode[h])}")
                .ToString();
            var response = await chat.GetResponseAsync(prompt, cancellationToken: cancellationToken).ConfigureAwait(false);
            var name = response.Text.Trim().Trim('"', '.', '\'').Trim();
            renamed[h] = string.IsNullOrWhiteSpace(name) || name.Length > 60 ? node : node with { Label = name };
        }
        var itemMeso = taxonomy.ItemMeso.ToArray();
        return new Taxonomy(taxonomy.Dimensions, renamed, taxonomy.Items, itemMeso, taxonomy.Version);
    }
}
