using System.Text;
using Microsoft.Extensions.AI;
using Strata.Core.Domain;

namespace Strata.Interests.Taxonomies;

/// <summary>
/// Optional: asks a chat model for the name a person would give each macro and meso node, from the node's distinctive
/// categories and terms and a spread of its member titles (a meso prompt also names its parent). Macros are named first
/// so their children's prompts carry the new name. Answers are cached (<see cref="ChatLabelCache"/>); an unusable answer
/// (empty, over <see cref="MaxNameLength"/> characters, or a name already given at the level) keeps the offline label, and
/// the first failed request stops the naming: every node not yet named keeps its offline label.
/// </summary>
public static class TaxonomyNamer
{
    /// <summary>Titles shown to the model per node.</summary>
    public const int SampleTitles = 12;

    /// <summary>Longest name accepted.</summary>
    public const int MaxNameLength = 48;

    /// <summary>Bumped when the prompt changes, so cached names of the old prompt are not reused.</summary>
    public const int PromptVersion = 1;

    /// <summary>The taxonomy with chat names where the model gave usable ones, and what happened.</summary>
    public static async Task<TaxonomyNaming> NameAsync(Taxonomy taxonomy, IReadOnlyList<Item> items, IChatClient chat, ChatLabelCache? cache = null,
        int concurrency = 4, CancellationToken cancellationToken = default)
    {
        cache ??= ChatLabelCache.Empty();
        var model = chat.GetService<ChatClientMetadata>()?.DefaultModelId ?? "";
        var titles = SampleTitlesByNode(taxonomy, items);
        var labels = taxonomy.Nodes.Select(n => n.Label).ToArray();
        int asked = 0, cached = 0;
        string? failure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        async Task NameLevel(InterestNode[] nodes)
        {
            var answers = new string?[taxonomy.NodeCount];
            try
            {
                await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = stop.Token }, async (node, token) =>
                {
                    var prompt = Prompt(taxonomy, node, labels, titles[node.Id]);
                    var key = ChatLabelCache.Key(model, prompt);
                    if (cache.TryGet(key, out var name))
                    {
                        Interlocked.Increment(ref cached);
                        answers[node.Id] = name;
                        return;
                    }
                    ChatResponse response;
                    try
                    {
                        response = await chat.GetResponseAsync(prompt, cancellationToken: token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.CompareExchange(ref failure, $"{e.GetType().Name}: {e.Message}", null);
                        await stop.CancelAsync().ConfigureAwait(false);
                        return;
                    }
                    Interlocked.Increment(ref asked);
                    if (Clean(response.Text) is { } clean)
                    {
                        cache.Set(key, clean);
                        answers[node.Id] = clean;
                    }
                }).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Stopped by the first failure: the names gathered so far still apply.
            }
            // Apply in node order, so which of two equal names wins does not depend on timing. Labels that stay offline are
            // reserved first: a chat name may not take the label another node of the level keeps.
            var used = new HashSet<string>(nodes.Where(n => answers[n.Id] is null).Select(n => labels[n.Id]), StringComparer.OrdinalIgnoreCase);
            foreach (var node in nodes)
                if (answers[node.Id] is { } name && used.Add(name)) labels[node.Id] = name;
        }

        await NameLevel(taxonomy.Nodes.Where(n => n.Level == InterestLevel.Macro).ToArray()).ConfigureAwait(false);
        if (failure is null) await NameLevel(taxonomy.Nodes.Where(n => n.Level == InterestLevel.Meso).ToArray()).ConfigureAwait(false);

        var renamed = taxonomy.Nodes.Select(n => n.Label == labels[n.Id] ? n : n with { Label = labels[n.Id] }).ToArray();
        var named = renamed.Count(n => n.Label != taxonomy.Nodes[n.Id].Label);
        return new TaxonomyNaming(new Taxonomy(taxonomy.Dimensions, renamed, taxonomy.Items, taxonomy.ItemMeso.ToArray(), taxonomy.Version),
            named, asked, cached, failure);
    }

    /// <summary>The prompt for one node; part of the cache key, so any change to it asks again.</summary>
    internal static string Prompt(Taxonomy taxonomy, InterestNode node, IReadOnlyList<string> labels, IReadOnlyList<string> titles)
    {
        var prompt = new StringBuilder()
            .AppendLine($"(prompt v{PromptVersion}) You name the groups of a catalogue's interest tree for its users.")
            .AppendLine("Answer with the name only: 1 to 4 words a person would use, no quotes, no explanation.");
        if (node.Level == InterestLevel.Macro) prompt.AppendLine("The group is a broad theme.");
        else prompt.AppendLine($"The group is a topic inside the theme \"{labels[node.ParentId]}\"; name what sets it apart.");
        return prompt
            .AppendLine($"Current label: {node.Label}")
            .AppendLine($"Distinctive categories and terms: {string.Join(", ", node.Terms)}")
            .AppendLine($"Items ({node.Size} in all), for example: {string.Join("; ", titles)}")
            .ToString();
    }

    private static string? Clean(string? answer)
    {
        var line = answer?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (line is null) return null;
        if (line.StartsWith("Name:", StringComparison.OrdinalIgnoreCase)) line = line[5..];
        line = line.Trim().Trim('"', '\'', '*', '.', '`', '“', '”').Trim();
        return line.Length == 0 || line.Length > MaxNameLength ? null : line;
    }

    /// <summary>Up to <see cref="SampleTitles"/> titles per node, spread evenly over its members (catalogue order clusters by import batch).</summary>
    private static List<string>[] SampleTitlesByNode(Taxonomy taxonomy, IReadOnlyList<Item> items)
    {
        var titleOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in items) titleOf.TryAdd(item.Id, item.Title);
        var members = new List<int>[taxonomy.NodeCount];
        for (int h = 0; h < members.Length; h++) members[h] = [];
        for (int i = 0; i < taxonomy.Items.Count; i++)
        {
            var path = taxonomy.PathOf(i);
            members[path.Macro].Add(i);
            members[path.Meso].Add(i);
        }
        return Array.ConvertAll(members, list =>
        {
            var step = Math.Max(1.0, (double)list.Count / SampleTitles);
            var titles = new List<string>();
            for (double k = 0; k < list.Count && titles.Count < SampleTitles; k += step)
                if (titleOf.TryGetValue(taxonomy.Items[list[(int)k]], out var title)) titles.Add(title);
            return titles;
        });
    }
}
