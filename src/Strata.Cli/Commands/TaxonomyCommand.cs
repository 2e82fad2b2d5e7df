using System.CommandLine;
using System.Numerics.Tensors;
using System.Text.Json.Nodes;
using Spectre.Console;
using Strata.Core.Domain;
using Strata.Interests.Fitting;
using Strata.Interests.Taxonomies;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata taxonomy</c>: prints the labelled tree with sizes (the latest saved version, fitted on demand), or with
/// <c>--evaluate</c> builds a text-only tree (categories withheld from the encoder text) and scores it against the catalogue's own
/// categories: NMI of macro nodes vs first-level categories (or genres) and meso nodes vs second-level categories, each beside a
/// random-assignment baseline with the same node sizes.
/// </summary>
internal static class TaxonomyCommand
{
    private const int ExampleTitles = 3;

    public static Command Create()
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var evaluate = new Option<bool>("--evaluate")
        {
            Description = "Build a text-only tree (categories withheld) and report NMI against the catalogue's categories or genres.",
        };
        var settings = new FitCommand.Settings();
        var command = new Command("taxonomy", "Show the interest taxonomy (labelled tree with sizes), or evaluate a text-only tree against the categories.");
        command.Options.Add(database);
        command.Options.Add(json);
        command.Options.Add(evaluate);
        settings.AddTo(command);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => CommandGuard.RunAsync("taxonomy", async () =>
        {
            var dbPath = parse.GetValue(database)!;
            var asJson = parse.GetValue(json);
            await using var store = FitCommand.OpenExisting(dbPath);
            if (parse.GetValue(evaluate))
            {
                var report = await EvaluateAsync(store, dbPath, settings.Read(parse), !asJson, cancellationToken);
                if (asJson) Console.WriteLine(report.ToJsonString(Strata.Interests.Explanations.InterestExplanation.JsonOptions));
                else PrintEvaluation(report);
                return 0;
            }
            var (taxonomy, items, _) = await FitCommand.LoadTaxonomyAsync(store, dbPath, !asJson, cancellationToken);
            if (asJson) Console.WriteLine(ToJson(taxonomy).ToJsonString(Strata.Interests.Explanations.InterestExplanation.JsonOptions));
            else AnsiConsole.Write(ToTree(taxonomy, items));
            return 0;
        }));
        return command;
    }

    private static JsonObject ToJson(Taxonomy taxonomy)
    {
        var macros = new JsonArray();
        for (int m = 0; m < taxonomy.MacroCount; m++)
        {
            var children = new JsonArray();
            foreach (var c in taxonomy.Children(m)) children.Add(NodeJson(taxonomy.Nodes[c]));
            var node = NodeJson(taxonomy.Nodes[m]);
            node["children"] = children;
            macros.Add(node);
        }
        return new JsonObject
        {
            ["version"] = taxonomy.Version,
            ["items"] = taxonomy.Items.Count,
            ["macro_nodes"] = taxonomy.MacroCount,
            ["meso_nodes"] = taxonomy.MesoCount,
            ["fingerprint"] = taxonomy.Fingerprint(),
            ["nodes"] = macros,
        };
    }

    private static JsonObject NodeJson(InterestNode node) => new()
    {
        ["id"] = node.Id,
        ["label"] = node.Label,
        ["size"] = node.Size,
        ["terms"] = new JsonArray(node.Terms.Select(t => (JsonNode)t).ToArray()),
    };

    private static Tree ToTree(Taxonomy taxonomy, IReadOnlyList<Item> items)
    {
        var titles = new Dictionary<string, string>(items.Count, StringComparer.Ordinal);
        foreach (var item in items) titles[item.Id] = item.Title;
        var examples = new List<string>[taxonomy.NodeCount];
        for (int h = 0; h < examples.Length; h++) examples[h] = [];
        for (int i = 0; i < taxonomy.Items.Count; i++)
        {
            var meso = taxonomy.PathOf(i).Meso;
            if (examples[meso].Count < ExampleTitles && titles.TryGetValue(taxonomy.Items[i], out var title)) examples[meso].Add(title);
        }
        var tree = new Tree($"[bold]Taxonomy v{taxonomy.Version}[/]: {taxonomy.Items.Count} items, {taxonomy.MacroCount} themes, {taxonomy.MesoCount} topics");
        for (int m = 0; m < taxonomy.MacroCount; m++)
        {
            var macro = taxonomy.Nodes[m];
            var branch = tree.AddNode($"[bold yellow]{Markup.Escape(macro.Label)}[/] [grey]({macro.Size})[/]");
            foreach (var c in taxonomy.Children(m))
            {
                var meso = taxonomy.Nodes[c];
                branch.AddNode($"{Markup.Escape(meso.Label)} [grey]({meso.Size}) e.g. {Markup.Escape(string.Join("; ", examples[c]))}[/]");
            }
        }
        return tree;
    }

    /// <summary>Builds the text-only tree (and, with <c>--categories Blend</c>, a blended one) and scores them.</summary>
    private static async Task<JsonObject> EvaluateAsync(Storage.Sqlite.SqliteStore store, string dbPath, FitCommand.Settings.Values settings,
        bool progress, CancellationToken cancellationToken)
    {
        var items = await FitCommand.ReadItemsAsync(store, cancellationToken);
        var fullTemplate = settings.Template is { } pattern ? new Embeddings.Text.ItemTextTemplate(pattern) : CatalogTemplates.Infer(items);
        var textOnly = CatalogTemplates.WithoutCategories(fullTemplate);
        var (macroLabels, mesoLabels, reference) = ReferenceLabels(items);
        if (macroLabels.All(l => l.Length == 0)) throw new UserError("the catalogue's items carry no categories or genres to evaluate against");
        using var generator = FitCommand.Generator(dbPath, settings.Model);
        var vectors = await FitCommand.EmbedAsync(generator, items, textOnly, progress, cancellationToken);
        var dimensions = vectors.Length / items.Count;
        var options = settings.TaxonomyOptions();
        options.Categories = CategoryUse.Ignore;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var tree = TaxonomyBuilder.Build(vectors, dimensions, items, options);
        var buildSeconds = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds;
        var report = new JsonObject
        {
            ["items"] = items.Count,
            ["reference"] = reference,
            ["template"] = textOnly.Pattern,
            ["model"] = settings.Model,
            ["seed"] = settings.Seed,
            ["build_seconds"] = Math.Round(buildSeconds, 3),
            ["levels"] = Score(tree, vectors, macroLabels, mesoLabels),
        };
        if (settings.Categories == CategoryUse.Blend)
        {
            // Blending uses the categories twice over (in the text and in the clustering space): its NMI shows how far the
            // tree follows them, its cohesion (in the text-only space) what that costs in textual coherence.
            var blendVectors = await FitCommand.EmbedAsync(generator, items, fullTemplate, progress, cancellationToken);
            options.Categories = CategoryUse.Blend;
            var blended = TaxonomyBuilder.Build(blendVectors, dimensions, items, options);
            report["blend"] = new JsonObject
            {
                ["template"] = fullTemplate.Pattern,
                ["category_blend"] = options.CategoryBlend,
                ["levels"] = Score(blended, vectors, macroLabels, mesoLabels),
            };
        }
        return report;
    }

    private static JsonArray Score(Taxonomy tree, float[] textVectors, int[][] macroLabels, int[][] mesoLabels)
    {
        var macro = new int[tree.Items.Count];
        var meso = new int[tree.Items.Count];
        for (int i = 0; i < macro.Length; i++) (macro[i], meso[i]) = tree.PathOf(i);
        return
        [
            Level("macro", tree.MacroCount, macro, macroLabels, tree, textVectors),
            Level("meso", tree.MesoCount, meso, mesoLabels, tree, textVectors),
        ];
    }

    private static JsonObject Level(string name, int nodes, int[] assignment, int[][] labels, Taxonomy tree, float[] textVectors) => new()
    {
        ["level"] = name,
        ["nodes"] = nodes,
        ["nmi"] = Math.Round(TaxonomyEvaluation.Nmi(assignment, labels), 4),
        ["nmi_random"] = Math.Round(TaxonomyEvaluation.RandomNmi(assignment, labels), 4),
        ["cohesion"] = Math.Round(Cohesion(assignment, textVectors, tree), 4),
    };

    /// <summary>Mean cosine between each item's text-only vector and the text-only centroid of its node.</summary>
    private static double Cohesion(int[] assignment, float[] vectors, Taxonomy tree)
    {
        var d = tree.Dimensions;
        var sums = new float[tree.NodeCount * d];
        for (int i = 0; i < assignment.Length; i++)
            TensorPrimitives.Add(sums.AsSpan(assignment[i] * d, d), vectors.AsSpan(i * d, d), sums.AsSpan(assignment[i] * d, d));
        for (int h = 0; h < tree.NodeCount; h++) Core.Vectors.VectorMath.Normalize(sums.AsSpan(h * d, d));
        double total = 0;
        for (int i = 0; i < assignment.Length; i++) total += TensorPrimitives.Dot(sums.AsSpan(assignment[i] * d, d), vectors.AsSpan(i * d, d));
        return total / assignment.Length;
    }

    /// <summary>
    /// Reference labels per item: a category path gives its first level (macro) and first › second level (meso); flat genres
    /// give the genre set at both levels (each genre sharing the item's unit mass).
    /// </summary>
    private static (int[][] Macro, int[][] Meso, string Reference) ReferenceLabels(IReadOnlyList<Item> items)
    {
        var flat = items.Any(i => i.CategoriesAreFlat && i.Categories.Count > 0);
        var macro = TaxonomyEvaluation.Encode(items.Select(i => i.CategoriesAreFlat ? i.Categories : i.Categories.Take(1)));
        var meso = TaxonomyEvaluation.Encode(items.Select(i => i.CategoriesAreFlat ? i.Categories
            : i.Categories.Count >= 2 ? [$"{i.Categories[0]} > {i.Categories[1]}"] : Array.Empty<string>()));
        return (macro, meso, flat ? "genres (both levels)" : "category (macro), category > subcategory (meso)");
    }

    private static void PrintEvaluation(JsonObject report)
    {
        var table = new Table().AddColumns("tree", "level", "nodes", "NMI", "random NMI", "cohesion");
        void Rows(string name, JsonArray levels)
        {
            foreach (var level in levels)
                table.AddRow(name, level!["level"]!.ToString(), level["nodes"]!.ToString(), level["nmi"]!.ToString(),
                    level["nmi_random"]!.ToString(), level["cohesion"]!.ToString());
        }
        Rows("text only", report["levels"]!.AsArray());
        if (report["blend"] is JsonObject blend) Rows("blend", blend["levels"]!.AsArray());
        AnsiConsole.MarkupLine($"{report["items"]} items; reference: {Markup.Escape(report["reference"]!.ToString())}; text: [grey]{Markup.Escape(report["template"]!.ToString())}[/]");
        AnsiConsole.Write(table);
    }
}
