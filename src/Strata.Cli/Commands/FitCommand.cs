using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.AI;
using Spectre.Console;
using Strata.Core.Domain;
using Strata.Embeddings;
using Strata.Embeddings.Caching;
using Strata.Embeddings.Text;
using Strata.Interests.Dynamics;
using Strata.Interests.Fitting;
using Strata.Interests.Taxonomies;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata fit</c>: embeds the catalogue (vector cache beside the store), builds the interest taxonomy and saves it as the
/// next version of the <c>taxonomy</c> artifact. Profiles are rebuilt from the event log on demand, so they need no fitting.
/// Also holds what <c>taxonomy</c> and <c>profile</c> share: opening the store, embedding, loading or fitting the tree.
/// </summary>
internal static class FitCommand
{
    public static Command Create()
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var settings = new Settings();
        var command = new Command("fit", "Embed the catalogue and build the interest taxonomy (saved in the store as a new version).");
        command.Options.Add(database);
        command.Options.Add(json);
        settings.AddTo(command);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => CommandGuard.RunAsync("fit", async () =>
        {
            var dbPath = parse.GetValue(database)!;
            await using var store = OpenExisting(dbPath);
            var watch = Stopwatch.StartNew();
            var (taxonomy, items, template) = await FitAsync(store, dbPath, settings.Read(parse), !parse.GetValue(json), cancellationToken);
            var strength = await FitStrengthAsync(store, taxonomy, cancellationToken);
            var summary = new JsonObject
            {
                ["items"] = items.Count,
                ["version"] = taxonomy.Version,
                ["macro_nodes"] = taxonomy.MacroCount,
                ["meso_nodes"] = taxonomy.MesoCount,
                ["dimensions"] = taxonomy.Dimensions,
                ["template"] = template.Pattern,
                ["fingerprint"] = taxonomy.Fingerprint(),
                ["seconds"] = Math.Round(watch.Elapsed.TotalSeconds, 2),
                ["strength_model"] = strength,
            };
            if (parse.GetValue(json)) Console.WriteLine(summary.ToJsonString(Strata.Interests.Explanations.InterestExplanation.JsonOptions));
            else
            {
                AnsiConsole.MarkupLine($"Taxonomy [bold]v{taxonomy.Version}[/]: {taxonomy.MacroCount} themes, {taxonomy.MesoCount} topics over {items.Count} items " +
                                        $"({watch.Elapsed.TotalSeconds:F1} s). Template: [grey]{Markup.Escape(template.Pattern)}[/]");
                AnsiConsole.MarkupLine($"Interest-strength model: [grey]{Markup.Escape(strength.ToJsonString())}[/]");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>Opens a store that must already exist (a typo in --db should not silently create an empty store).</summary>
    internal static SqliteStore OpenExisting(string path)
    {
        if (!File.Exists(path)) throw new UserError($"{path}: no such store (import a dataset first: strata import …)");
        return SqliteStore.Open(path);
    }

    /// <summary>Every catalogue item, in store order; fails clearly when there are none.</summary>
    internal static async Task<List<Item>> ReadItemsAsync(SqliteStore store, CancellationToken cancellationToken)
    {
        var items = new List<Item>();
        await foreach (var item in store.ReadItemsAsync(cancellationToken)) items.Add(item);
        if (items.Count == 0) throw new UserError($"{store.Path}: the store holds no items (import a dataset first: strata import …)");
        return items;
    }

    /// <summary>The encoder, with the vector cache beside the store so refits re-embed only changed texts.</summary>
    internal static IEmbeddingGenerator<string, Embedding<float>> Generator(string dbPath, string model) =>
        EmbeddingGeneratorFactory.Create(model, new EmbeddingOptions { Model = model, VectorCachePath = VectorCacheStore.PathBeside(dbPath) });

    /// <summary>Embeds items with a progress bar (when <paramref name="progress"/>) and returns the row-major unit vectors.</summary>
    internal static async Task<float[]> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> generator, IReadOnlyList<Item> items,
        ItemTextTemplate template, bool progress, CancellationToken cancellationToken)
    {
        if (!progress) return await CatalogEmbedder.EmbedAsync(generator, items, template, cancellationToken: cancellationToken);
        float[] vectors = [];
        await AnsiConsole.Progress().AutoClear(true).StartAsync(async context =>
        {
            var task = context.AddTask("Embedding items", maxValue: items.Count);
            vectors = await CatalogEmbedder.EmbedAsync(generator, items, template,
                new Progress<EmbeddingProgress>(p => task.Value = p.Done), cancellationToken);
            task.Value = items.Count;
        });
        return vectors;
    }

    /// <summary>Embeds, builds and saves the tree; returns it with its store version.</summary>
    internal static async Task<(Taxonomy Taxonomy, List<Item> Items, ItemTextTemplate Template)> FitAsync(
        SqliteStore store, string dbPath, Settings.Values settings, bool progress, CancellationToken cancellationToken)
    {
        var items = await ReadItemsAsync(store, cancellationToken);
        var template = settings.Template is { } pattern ? new ItemTextTemplate(pattern) : CatalogTemplates.Infer(items);
        using var generator = Generator(dbPath, settings.Model);
        var vectors = await EmbedAsync(generator, items, template, progress, cancellationToken);
        // Strata__Labels__Chat__Endpoint (and …Model, …ApiKeyEnvironmentVariable) turn on chat names, cached in the store.
        var chatOptions = new ChatLabelOptions();
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(ChatLabelOptions.Section).Bind(chatOptions);
        using var chat = ChatLabelClient.Create(chatOptions);
        var built = chat is null
            ? TaxonomyBuilder.Build(vectors, vectors.Length / items.Count, items, settings.TaxonomyOptions())
            : (await TaxonomyBuilder.BuildNamedAsync(vectors, vectors.Length / items.Count, items, settings.TaxonomyOptions(), chat, store, cancellationToken)).Taxonomy;
        return (await TaxonomyArtifacts.SaveAsync(store, built, cancellationToken), items, template);
    }

    /// <summary>
    /// Trains the learned interest-strength model on a temporal split of the log and reports it against the raw decayed strength;
    /// the model is saved (and then used by <c>strata profile</c>) only when it wins on both log-loss and AUC.
    /// </summary>
    internal static async Task<JsonObject> FitStrengthAsync(SqliteStore store, Taxonomy taxonomy, CancellationToken cancellationToken)
    {
        var events = await EventTableLoader.ReadAsync(store, taxonomy.Items, cancellationToken);
        StrengthEvaluationResult result;
        try
        {
            result = StrengthEvaluation.Run(events, taxonomy);
        }
        catch (InvalidOperationException e)
        {
            return new JsonObject { ["skipped"] = e.Message };
        }
        if (result.LearnedWins) await store.SaveArtifactAsync(InterestStrengthModel.ArtifactName, result.Model.ToBytes(), cancellationToken);
        return new JsonObject
        {
            ["learned"] = new JsonObject { ["log_loss"] = Math.Round(result.Learned.LogLoss, 4), ["auc"] = Math.Round(result.Learned.Auc, 4) },
            ["raw_decayed_strength"] = new JsonObject { ["log_loss"] = Math.Round(result.Raw.LogLoss, 4), ["auc"] = Math.Round(result.Raw.Auc, 4) },
            ["train_examples"] = result.TrainExamples,
            ["test_examples"] = result.TestExamples,
            ["test_positive_rate"] = Math.Round(result.TestPositiveRate, 4),
            ["train_cutoff"] = DateTimeOffset.FromUnixTimeSeconds(result.TrainCutoffSeconds).ToString("O"),
            ["test_cutoff"] = DateTimeOffset.FromUnixTimeSeconds(result.TestCutoffSeconds).ToString("O"),
            ["used"] = result.LearnedWins ? "learned" : "raw",
        };
    }

    /// <summary>The latest saved tree, or (when none exists yet) a freshly fitted and saved one.</summary>
    internal static async Task<(Taxonomy Taxonomy, List<Item> Items)> LoadOrFitAsync(SqliteStore store, string dbPath, bool progress, CancellationToken cancellationToken)
    {
        var saved = await TaxonomyArtifacts.LoadAsync(store, cancellationToken: cancellationToken);
        if (saved is not null) return (saved, await ReadItemsAsync(store, cancellationToken));
        if (progress) AnsiConsole.MarkupLine("[grey]No taxonomy saved yet: fitting one (strata fit).[/]");
        var (taxonomy, items, _) = await FitAsync(store, dbPath, Settings.Values.Default, progress, cancellationToken);
        return (taxonomy, items);
    }


    /// <summary>The flags that shape a fit (encoder, text template, seed, category use), shared by <c>fit</c> and <c>taxonomy --evaluate</c>.</summary>
    internal sealed class Settings
    {
        public readonly Option<string> Model = new("--model")
        {
            Description = $"Sentence encoder: {string.Join(", ", EmbeddingGeneratorFactory.ModelNames)}.",
            DefaultValueFactory = _ => "minilm",
        };
        public readonly Option<string?> Template = new("--template")
        {
            Description = "Item text pattern, e.g. \"{title}. {categories}\" (default: chosen from the catalogue's fields).",
        };
        public readonly Option<int> Seed = new("--seed") { Description = "k-means seed.", DefaultValueFactory = _ => new TaxonomyOptions().Seed };
        public readonly Option<CategoryUse> Categories = new("--categories")
        {
            Description = "How item categories shape the tree: Ignore (text only) or Blend.",
            DefaultValueFactory = _ => CategoryUse.Ignore,
        };

        public void AddTo(Command command)
        {
            command.Options.Add(Model);
            command.Options.Add(Template);
            command.Options.Add(Seed);
            command.Options.Add(Categories);
        }

        public Values Read(ParseResult parse) => new(parse.GetValue(Model)!, parse.GetValue(Template), parse.GetValue(Seed), parse.GetValue(Categories));

        /// <summary>Parsed settings.</summary>
        internal sealed record Values(string Model, string? Template, int Seed, CategoryUse Categories)
        {
            public static Values Default { get; } = new("minilm", null, new TaxonomyOptions().Seed, CategoryUse.Ignore);

            public TaxonomyOptions TaxonomyOptions() => new() { Seed = Seed, Categories = Categories };
        }
    }
}
