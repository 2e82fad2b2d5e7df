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
using Strata.Engine;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata fit</c>: the engine's whole fit — catalogue embedded (vector cache beside the store), taxonomy loaded or built
/// (saved in the store), recommender fitted and saved beside the store (<c>&lt;db&gt;.model</c>), where
/// <c>strata recommend</c> and <c>strata serve</c> load it — plus the learned interest-strength model. Profiles are rebuilt
/// from the event log on demand, so they need no fitting. Also holds what <c>taxonomy</c> and <c>profile</c> share.
/// </summary>
internal static class FitCommand
{
    public static Command Create()
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var settings = new Settings();
        var command = new Command("fit", "Fit the whole model from the store (vectors, taxonomy, recommender) and save it for recommend and serve.");
        command.Options.Add(database);
        command.Options.Add(json);
        settings.AddTo(command);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => CommandGuard.RunAsync("fit", async () =>
        {
            var dbPath = parse.GetValue(database)!;
            var asJson = parse.GetValue(json);
            var engine = EngineHost.Create(EngineHost.Options(dbPath, settings.Keys(parse)));
            await using var store = OpenExisting(dbPath);
            var (summary, lines, taxonomy) = await FitModelAsync(engine, store, asJson, cancellationToken);
            // The fitted model is out of reach now (it lived in FitModelAsync alone), but a heap of about 14 GB at 10⁶
            // items, its graphs native and freed by finalisers, is not collected before the strength step's allocations
            // have grown it further (21.8 GB together). Between two batch steps, collect it now.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            var strength = await FitStrengthAsync(store, taxonomy, cancellationToken);
            summary["strength_model"] = strength;
            if (asJson) Console.WriteLine(summary.ToJsonString(Strata.Interests.Explanations.InterestExplanation.JsonOptions));
            else
            {
                foreach (var line in lines) AnsiConsole.MarkupLine(line);
                AnsiConsole.MarkupLine(strength.TryGetPropertyValue("used", out var used)
                    ? $"Interest-strength model: {used} (learned log-loss {strength["learned"]?["log_loss"]}, AUC {strength["learned"]?["auc"]}; raw decayed strength log-loss {strength["raw_decayed_strength"]?["log_loss"]}, AUC {strength["raw_decayed_strength"]?["auc"]})."
                    : $"Interest-strength model: skipped ({Markup.Escape(strength["skipped"]?.ToString() ?? "")}).");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Fits and saves the model, and summarises it. The model is reachable only from here, so it can be collected once
    /// this returns: nothing after the save reads it.
    /// </summary>
    private static async Task<(JsonObject Summary, List<string> Lines, Taxonomy Taxonomy)> FitModelAsync(
        StrataEngine engine, SqliteStore store, bool quiet, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        FittedModel fitted;
        try
        {
            fitted = await EngineHost.LoadOrFitAsync(engine, store, refit: true, quiet, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new UserError(e.Message);
        }
        var seconds = watch.Elapsed.TotalSeconds;
        var taxonomy = fitted.Taxonomy;
        // Which signals the model fused (above Strata:Model:DenseItemLimit the collaborative ones are iALS and item-kNN).
        var strata = fitted.Model as Strata.Recommend.Fusion.StrataModel;
        var signals = strata?.Features.SignalNames ?? [];
        var summary = new JsonObject
        {
            ["items"] = fitted.Catalogue.Items.Count,
            ["events"] = fitted.Log.Events.Count,
            ["users"] = fitted.Log.Events.Users.Count,
            ["version"] = taxonomy.Version,
            ["macro_nodes"] = taxonomy.MacroCount,
            ["meso_nodes"] = taxonomy.MesoCount,
            ["dimensions"] = taxonomy.Dimensions,
            ["template"] = fitted.Catalogue.Template.Pattern,
            ["fingerprint"] = taxonomy.Fingerprint(),
            ["model"] = fitted.Model.Name,
            ["signals"] = new JsonArray([.. signals.Select(name => (JsonNode)name)]),
            // From Strata:Model:IndexedCandidatesFrom items on, candidates come from indexes and only they are scored.
            ["indexed_candidates"] = strata?.Features.IndexedCandidates ?? false,
            ["settings"] = engine.Options.Fingerprint(),
            ["model_file"] = EngineHost.ModelPath(store),
            ["seconds"] = Math.Round(seconds, 2),
        };
        List<string> lines =
        [
            $"Taxonomy [bold]v{taxonomy.Version}[/]: {taxonomy.MacroCount} themes, {taxonomy.MesoCount} topics over {fitted.Catalogue.Items.Count:N0} items.",
            $"Item text: [grey]{Markup.Escape(fitted.Catalogue.Template.Pattern)}[/]",
            $"Model [bold]{Markup.Escape(fitted.Model.Name)}[/] fitted on {fitted.Log.Events.Count:N0} events of {fitted.Log.Events.Users.Count:N0} users " +
            $"in {seconds:F1} s; saved to {Markup.Escape(EngineHost.ModelPath(store))} (strata recommend and strata serve load it).",
            .. signals.Count > 0 ? [$"Signals: [grey]{Markup.Escape(string.Join(", ", signals))}[/]"] : Array.Empty<string>(),
        ];
        return (summary, lines, taxonomy);
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

    /// <summary>
    /// The store's taxonomy as the engine keeps it: the saved tree while it matches the catalogue, its vectors and the
    /// settings, else a new one (built and saved). Embedding is cached beside the store, so this is quick after a fit.
    /// </summary>
    internal static async Task<(Taxonomy Taxonomy, IReadOnlyList<Item> Items, StrataEngine Engine)> LoadTaxonomyAsync(SqliteStore store, string dbPath, bool progress,
        CancellationToken cancellationToken)
    {
        var engine = EngineHost.Create(EngineHost.Options(dbPath));
        Catalogue catalogue;
        try
        {
            catalogue = progress
                ? await AnsiConsole.Status().StartAsync("embedding the catalogue (cached)", _ => engine.ReadCatalogueAsync(store, cancellationToken: cancellationToken))
                : await engine.ReadCatalogueAsync(store, cancellationToken: cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            throw new UserError(e.Message);
        }
        return (await engine.TaxonomyAsync(store, catalogue, cancellationToken), catalogue.Items, engine);
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

        public readonly Option<int> MiniBatchAbove = new("--mini-batch-above")
        {
            Description = "Cluster with mini-batch k-means when at least this many items are clustered at once (0: always).",
            DefaultValueFactory = _ => new TaxonomyOptions().MiniBatchAbove,
        };

        public void AddTo(Command command)
        {
            command.Options.Add(Model);
            command.Options.Add(Template);
            command.Options.Add(Seed);
            command.Options.Add(Categories);
            command.Options.Add(MiniBatchAbove);
        }

        /// <summary>The flags as the configuration keys they set (only those given on the command line), so flags and settings are one tree.</summary>
        public Dictionary<string, string?> Keys(ParseResult parse)
        {
            var keys = new Dictionary<string, string?>();
            if (parse.GetResult(Model) is { Implicit: false }) keys["Strata:Embeddings:Model"] = parse.GetValue(Model);
            if (parse.GetValue(Template) is { } template) keys["Strata:ItemText"] = template;
            if (parse.GetResult(Seed) is { Implicit: false }) keys["Strata:Taxonomy:Seed"] = parse.GetValue(Seed).ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (parse.GetResult(Categories) is { Implicit: false }) keys["Strata:Taxonomy:Categories"] = parse.GetValue(Categories).ToString();
            if (parse.GetResult(MiniBatchAbove) is { Implicit: false }) keys["Strata:Taxonomy:MiniBatchAbove"] = parse.GetValue(MiniBatchAbove).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return keys;
        }

        public Values Read(ParseResult parse) =>
            new(parse.GetValue(Model)!, parse.GetValue(Template), parse.GetValue(Seed), parse.GetValue(Categories), parse.GetValue(MiniBatchAbove));

        /// <summary>Parsed settings.</summary>
        internal sealed record Values(string Model, string? Template, int Seed, CategoryUse Categories, int MiniBatchAbove)
        {
            public static Values Default { get; } = new("minilm", null, new TaxonomyOptions().Seed, CategoryUse.Ignore, new TaxonomyOptions().MiniBatchAbove);

            public TaxonomyOptions TaxonomyOptions() => new() { Seed = Seed, Categories = Categories, MiniBatchAbove = MiniBatchAbove };
        }
    }
}
