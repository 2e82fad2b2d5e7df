using Microsoft.Extensions.AI;
using Strata.Engine;
using Strata.Interests.Taxonomies;
using Strata.Interests.Tests.Support;
using Strata.Storage.Sqlite;

namespace Strata.Interests.Tests.Taxonomies;

public sealed class TaxonomyNamerTests : IDisposable
{
    private static readonly SyntheticCatalog Catalog = SyntheticCatalog.Instance;
    private readonly ChatCompletionsServer _server = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("strata-namer-").FullName;

    public void Dispose()
    {
        _server.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private ChatLabelOptions Options() => new() { Endpoint = _server.Endpoint, Model = "namer-test", ApiKeyEnvironmentVariable = "" };

    /// <summary>A name derived from the prompt: the node's label, so each node gets its own, and one a test can predict.</summary>
    private static string NameFor(string prompt) =>
        "Named " + prompt.Split('\n').Single(l => l.StartsWith("Current label: ", StringComparison.Ordinal))["Current label: ".Length..].Trim();

    [Fact]
    public async Task Every_macro_and_meso_node_is_named_by_the_model_from_its_terms_and_titles()
    {
        _server.Answer = (prompt, _) => (200, $"\"{NameFor(prompt)}\"\n");
        using var chat = ChatLabelClient.Create(Options())!;

        var naming = await TaxonomyNamer.NameAsync(Catalog.Taxonomy, Catalog.Items, chat);

        Assert.Null(naming.Failure);
        Assert.Equal(Catalog.Taxonomy.NodeCount, naming.Named);
        Assert.Equal(Catalog.Taxonomy.NodeCount, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.Equal(("/v1/chat/completions", "namer-test"), (r.Path, r.Model)));
        foreach (var node in Catalog.Taxonomy.Nodes)
        {
            Assert.Equal($"Named {node.Label}", naming.Taxonomy.Nodes[node.Id].Label); // quotes and newline stripped
            var prompt = _server.Requests.Single(r => r.Prompt.Contains($"Current label: {node.Label}\n")).Prompt;
            Assert.Contains(string.Join(", ", node.Terms), prompt);
            if (node.Level == InterestLevel.Meso)
                Assert.Contains($"inside the theme \"Named {Catalog.Taxonomy.Nodes[node.ParentId].Label}\"", prompt); // macros first
        }
        var firstMember = Catalog.Items[Enumerable.Range(0, Catalog.Items.Count).First(i => Catalog.Taxonomy.PathOf(i).Macro == 0)].Title;
        Assert.Contains(firstMember, _server.Requests.Single(r => r.Prompt.Contains($"Current label: {Catalog.Taxonomy.Nodes[0].Label}\n")).Prompt);
        // Structure is untouched.
        Assert.Equal(Catalog.Taxonomy.ItemMeso.ToArray(), naming.Taxonomy.ItemMeso.ToArray());
    }

    /// <summary>What the engine does around a named build: load the cached names from the store, build, save what was added.</summary>
    private static async Task<TaxonomyNaming> BuildNamedAsync(TaxonomyOptions options, IChatClient chat, SqliteStore store)
    {
        var names = await TaxonomyArtifacts.LoadChatLabelsAsync(store);
        var naming = await TaxonomyBuilder.BuildNamedAsync(Catalog.Vectors, SyntheticCatalog.Dimensions, Catalog.Items, options, chat, names);
        await TaxonomyArtifacts.SaveChatLabelsAsync(store, names);
        return naming;
    }

    [Fact]
    public async Task Names_are_cached_in_the_store_so_the_same_tree_asks_nothing_again()
    {
        _server.Answer = (prompt, _) => (200, NameFor(prompt));
        using var chat = ChatLabelClient.Create(Options())!;
        await using var store = SqliteStore.Open(Path.Combine(_folder, "s.db"));

        var first = await BuildNamedAsync(SyntheticCatalog.Options(), chat, store);
        var asked = _server.Requests.Count;
        var second = await BuildNamedAsync(SyntheticCatalog.Options(), chat, store);

        Assert.Equal(Catalog.Taxonomy.NodeCount, asked);
        Assert.Equal(asked, _server.Requests.Count);
        Assert.Equal(0, second.Asked);
        Assert.Equal(Catalog.Taxonomy.NodeCount, second.FromCache);
        Assert.Equal(first.Taxonomy.Nodes.Select(n => n.Label), second.Taxonomy.Nodes.Select(n => n.Label));

        // Another seed is another tree: its changed nodes are asked anew.
        await BuildNamedAsync(SyntheticCatalog.Options(seed: 7), chat, store);
        Assert.True(_server.Requests.Count > asked);
    }

    [Fact]
    public async Task A_failing_endpoint_leaves_the_offline_labels_and_says_why()
    {
        _server.Answer = (_, _) => (500, "model crashed");
        using var chat = ChatLabelClient.Create(Options())!;

        var naming = await TaxonomyNamer.NameAsync(Catalog.Taxonomy, Catalog.Items, chat);

        Assert.Equal(Catalog.Taxonomy.Nodes.Select(n => n.Label), naming.Taxonomy.Nodes.Select(n => n.Label));
        Assert.Equal(0, naming.Named);
        Assert.Contains("model crashed", naming.Failure);
    }

    [Fact]
    public async Task An_unreachable_endpoint_leaves_the_offline_labels()
    {
        var options = Options();
        _server.Dispose();
        using var chat = ChatLabelClient.Create(options)!;
        var naming = await TaxonomyNamer.NameAsync(Catalog.Taxonomy, Catalog.Items, chat);
        Assert.Equal(Catalog.Taxonomy.Nodes.Select(n => n.Label), naming.Taxonomy.Nodes.Select(n => n.Label));
        Assert.NotNull(naming.Failure);
    }

    [Fact]
    public async Task Empty_overlong_and_repeated_names_keep_the_offline_label()
    {
        var macros = Catalog.Taxonomy.Nodes.Where(n => n.Level == InterestLevel.Macro).ToArray();
        Assert.True(macros.Length >= 4);
        _server.Answer = (prompt, _) =>
        {
            var node = macros.FirstOrDefault(m => prompt.Contains($"Current label: {m.Label}\n"));
            return (200, node?.Id switch
            {
                0 => "   ",
                1 => new string('x', TaxonomyNamer.MaxNameLength + 1),
                2 or 3 => "Same name", // node 2 wins: names apply in node order
                _ => NameFor(prompt),
            });
        };
        using var chat = ChatLabelClient.Create(Options())!;

        var labels = (await TaxonomyNamer.NameAsync(Catalog.Taxonomy, Catalog.Items, chat)).Taxonomy.Nodes.Select(n => n.Label).ToArray();

        Assert.Equal(macros[0].Label, labels[0]);
        Assert.Equal(macros[1].Label, labels[1]);
        Assert.Equal("Same name", labels[2]);
        Assert.Equal(macros[3].Label, labels[3]);
        foreach (var level in new[] { InterestLevel.Macro, InterestLevel.Meso })
        {
            var atLevel = Catalog.Taxonomy.Nodes.Where(n => n.Level == level).Select(n => labels[n.Id]).ToList();
            Assert.Equal(atLevel.Count, atLevel.Distinct().Count());
        }
    }

    [Fact]
    public void Without_an_endpoint_there_is_no_chat_client_and_a_bad_one_is_a_clear_error()
    {
        Assert.Null(ChatLabelClient.Create(new ChatLabelOptions()));
        var error = Assert.Throws<ArgumentException>(() => ChatLabelClient.Create(new ChatLabelOptions { Endpoint = "localhost:11434" }));
        Assert.Contains("Strata:Labels:Chat:Endpoint", error.Message);
    }
}
