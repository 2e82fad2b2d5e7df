using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Strata.Core.Domain;
using Strata.Core.Vectors;
using Strata.Embeddings;
using Strata.Embeddings.Caching;
using Strata.Embeddings.Text;
using Strata.Interests.Fitting;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata embed</c>: embeds every catalogue item into the vector cache beside the store (<c>strata.db</c> →
/// <c>strata.vectors.db</c>), so later fits cost nothing; or, with <c>--text</c>, embeds the given texts and prints their
/// pairwise cosine matrix, to check a model by hand.
/// </summary>
internal static class EmbedCommand
{
    public static Command Create()
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var model = new Option<string>("--model")
        {
            Description = $"Encoder: {string.Join(", ", EmbeddingGeneratorFactory.ModelNames)} (remote reads Strata__Embeddings__Remote__* settings from the environment).",
            DefaultValueFactory = _ => "minilm",
        };
        var texts = new Option<string[]>("--text") { Description = "Embed these texts instead of the catalogue and print their cosine matrix (repeatable)." };
        var template = new Option<string?>("--template")
        {
            Description = "Item text pattern, e.g. \"{title}. {categories}\" (default: chosen from the catalogue's fields, as strata fit does).",
        };
        var command = new Command("embed", "Embed every catalogue item (cached beside the store), or compare a few texts with --text.");
        command.Options.Add(database);
        command.Options.Add(model);
        command.Options.Add(texts);
        command.Options.Add(template);
        command.Options.Add(json);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => CommandGuard.RunAsync("embed", async () =>
        {
            var modelName = parse.GetValue(model)!;
            if (!EmbeddingGeneratorFactory.ModelNames.Contains(modelName, StringComparer.OrdinalIgnoreCase))
                throw new UserError($"--model {modelName}: expected one of {string.Join(", ", EmbeddingGeneratorFactory.ModelNames)}");
            var options = Options(modelName);
            var given = parse.GetValue(texts) ?? [];
            if (given.Length > 0) return await CompareAsync(options, given, parse.GetValue(json), cancellationToken);

            var dbPath = parse.GetValue(database)!;
            options.VectorCachePath = VectorCacheStore.PathBeside(dbPath);
            return await EmbedCatalogueAsync(options, dbPath, parse.GetValue(template), parse.GetValue(json), cancellationToken);
        }));
        return command;
    }

    /// <summary>Defaults, then <c>Strata__Embeddings__…</c> environment variables (e.g. <c>Strata__Embeddings__Remote__Endpoint</c>), then the flag.</summary>
    private static EmbeddingOptions Options(string model)
    {
        var options = new EmbeddingOptions();
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetSection(EmbeddingOptions.Section).Bind(options);
        options.Model = model;
        try
        {
            ServiceCollectionExtensions.Validate(options);
        }
        catch (ValidationException e)
        {
            throw new UserError(e.Message);
        }
        return options;
    }

    private static async Task<int> CompareAsync(EmbeddingOptions options, string[] texts, bool asJson, CancellationToken cancellationToken)
    {
        using var generator = EmbeddingGeneratorFactory.Create(options);
        var vectors = await CatalogEmbedder.EmbedTextsAsync(generator, texts, cancellationToken: cancellationToken);
        int dimensions = vectors.Length / texts.Length;
        var cosine = new double[texts.Length, texts.Length];
        for (int i = 0; i < texts.Length; i++)
            for (int j = 0; j < texts.Length; j++)
                cosine[i, j] = Math.Round(VectorMath.Dot(VectorMath.Row(vectors, i, dimensions), VectorMath.Row(vectors, j, dimensions)), 4);

        if (asJson)
        {
            var rows = new JsonArray();
            for (int i = 0; i < texts.Length; i++)
                rows.Add(new JsonArray(Enumerable.Range(0, texts.Length).Select(j => (JsonNode)cosine[i, j]).ToArray()));
            Console.WriteLine(new JsonObject { ["model"] = ModelId(generator, options), ["dimensions"] = dimensions, ["cosine"] = rows }.ToJsonString());
            return 0;
        }
        var table = new Table().AddColumn($"cosine ({Markup.Escape(ModelId(generator, options))}, {dimensions} dims)");
        for (int j = 0; j < texts.Length; j++) table.AddColumn(new TableColumn(Markup.Escape($"[{j + 1}]")).RightAligned());
        for (int i = 0; i < texts.Length; i++)
            table.AddRow([Markup.Escape($"[{i + 1}] {texts[i]}"), .. Enumerable.Range(0, texts.Length).Select(j => cosine[i, j].ToString("0.0000"))]);
        AnsiConsole.Write(table);
        return 0;
    }

    private static async Task<int> EmbedCatalogueAsync(EmbeddingOptions options, string dbPath, string? pattern, bool asJson, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        List<Item> items;
        await using (var store = FitCommand.OpenExisting(dbPath))
            items = await FitCommand.ReadItemsAsync(store, cancellationToken);
        if (items.Count == 0) throw new UserError($"{dbPath}: the catalogue is empty (import a dataset first: strata import …)");
        var template = pattern is not null ? new ItemTextTemplate(pattern) : CatalogTemplates.Infer(items);

        using var generator = EmbeddingGeneratorFactory.Create(options);
        if (asJson)
        {
            await CatalogEmbedder.EmbedAsync(generator, items, template, cancellationToken: cancellationToken);
        }
        else
        {
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ItemRateColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask($"Embedding {items.Count:N0} items ({options.Model})", maxValue: items.Count);
                    await CatalogEmbedder.EmbedAsync(generator, items, template, new Progress<EmbeddingProgress>(p => task.Value = p.Done), cancellationToken);
                    task.Value = items.Count;
                });
        }
        watch.Stop();

        var cache = generator.GetService<VectorCachingEmbeddingGenerator>()!;
        var seconds = watch.Elapsed.TotalSeconds;
        var summary = new JsonObject
        {
            ["items"] = items.Count,
            ["embedded"] = cache.Misses,
            ["cached"] = cache.Hits,
            ["seconds"] = Math.Round(seconds, 3),
            ["items_per_second"] = Math.Round(items.Count / seconds, 1),
        };
        if (asJson) Console.WriteLine(summary.ToJsonString());
        else AnsiConsole.MarkupLine(
            $"{items.Count:N0} items: {cache.Misses:N0} embedded, {cache.Hits:N0} from cache ([grey]{Markup.Escape(cache.Store.Path)}[/]), " +
            $"{seconds:0.00} s, {items.Count / seconds:N0} items/s; template [grey]{Markup.Escape(template.Pattern)}[/]");
        return 0;
    }

    private static string ModelId(IEmbeddingGenerator<string, Embedding<float>> generator, EmbeddingOptions options) =>
        generator.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelId ?? options.Model;

    /// <summary>Items per second, next to the bar (Spectre's TransferSpeedColumn speaks bytes).</summary>
    private sealed class ItemRateColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Markup(task.Speed is { } speed ? $"[grey]{speed:N0} items/s[/]" : "[grey]– items/s[/]");
    }
}
