using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using System.Data.Common;
using Strata.Data;
using Strata.Embeddings.Caching;
using Strata.Engine;
using Strata.Evaluation;
using Strata.Evaluation.Comparison;
using Strata.Evaluation.Harness;
using Strata.Evaluation.Reports;
using Strata.Evaluation.Splits;
using Strata.Storage.Postgres;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata eval</c>: fits each chosen model on a protocol's training split, scores every test user, and prints the
/// comparison table; optionally writes it as JSON, Markdown and PNG charts.
/// </summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset")
        {
            Description = $"Built-in dataset: {string.Join(", ", EvaluationDatasets.Names)} (its fixed split files are used where they exist).",
            DefaultValueFactory = _ => "ml-100k",
        };
        var store = new Option<string?>("--db") { Description = "Evaluate a store instead: a SQLite file or a PostgreSQL location (postgres://… or Host=…)." };
        var format = new Option<string?>("--format") { Description = $"Evaluate a dataset folder instead, read as strata import reads it: {string.Join(", ", DatasetReaders.Formats)}." };
        var path = new Option<string?>("--path") { Description = "The folder read with --format." };
        var protocol = new Option<string>("--protocol")
        {
            Description = $"Protocol: {string.Join(", ", Protocols.Names)} (default: {Recommenders7525Splitter.Name} for --dataset, {TemporalSplitter.Name} for --db and --format).",
        };
        var cut = new Option<string?>("--cut") { Description = $"The temporal protocol's cut T, ISO 8601 (sets {EvaluationSettings.Section}:TemporalCut; default: the time leaving the last 10% of events)." };
        var testFraction = new Option<double?>("--test-fraction") { Description = $"Share of events after the default temporal cut (sets {EvaluationSettings.Section}:TemporalTestFraction; default 0.1)." };
        var relevant = new Option<string?>("--relevant") { Description = $"Comma-separated event types whose test events are relevant, e.g. purchase (sets {EvaluationSettings.Section}:RelevantTypes; default: every interaction)." };
        var compare = new Option<string?>("--compare") { Description = "A.json,B.json: two files of Strata: settings (model kind and options…) fitted on the same split, with paired bootstrap intervals of B − A per metric." };
        var resamples = new Option<int>("--resamples") { Description = "Bootstrap resamples of --compare.", DefaultValueFactory = _ => PairedBootstrap.DefaultResamples };
        var models = new Option<string>("--models")
        {
            Description = $"Comma-separated models (default: all): {string.Join(",", ModelRoster.Names)}.",
            DefaultValueFactory = _ => string.Join(",", ModelRoster.Names),
        };
        var easeLambda = new Option<double?>("--ease-lambda") { Description = "EASE's λ (default: tuned on validation data carved from training)." };
        var k = new Option<int>("--k") { Description = "List length of the @k metrics.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of generated splits, sampling models and the bootstrap.", DefaultValueFactory = _ => 42 };
        var embedding = new Option<string>("--embedding-model")
        {
            Description = "Sentence model for item vectors (minilm, arctic-xs), or none (no diversity, no content models). With --compare, default: each file's Strata:Embeddings:Model.",
            DefaultValueFactory = _ => "minilm",
        };
        var vectorCache = new Option<string?>("--vector-cache") { Description = "SQLite file caching item vectors (default: beside strata.db, or beside the --db store)." };
        var json = new Option<string?>("--json") { Description = "Write the report as JSON to this file." };
        var markdown = new Option<string?>("--markdown") { Description = "Write the comparison table as Markdown to this file." };
        var plots = new Option<string?>("--plots") { Description = "Write PNG bar charts per metric (and the accuracy–diversity curve) into this folder." };
        var ablate = new Option<bool>("--ablate")
        {
            Description = "Also fit Strata without each signal family (collaborative, content, hierarchy, sequential when present) and report the nDCG@k change with a paired bootstrap 95% interval over users.",
        };
        var textVectors = new Option<string>("--text-vectors")
        {
            Description = "Item vectors Strata's model reads: auto (tuned below Strata:Model:IndexedCandidatesFrom items, frozen from there), frozen (the encoder's) or tuned (its item tower, trained on the training split). Same key as Strata:Model:TextVectors.",
            DefaultValueFactory = _ => Engine.ModelKinds.AutoVectors,
        };
        var data = CommonOptions.Data();

        var command = new Command("eval", "Evaluate models side by side on a protocol (fit on train only, score every test user), on a built-in dataset, a dataset folder or a store.");
        foreach (var option in new Option[] { dataset, store, format, path, protocol, cut, testFraction, relevant, compare, resamples, models, easeLambda, k, seed, embedding, vectorCache, json, markdown, plots, ablate, textVectors, data })
            command.Options.Add(option);
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            try
            {
                var storeLocation = parse.GetValue(store);
                var formatName = parse.GetValue(format);
                var source = Source(parse.GetResult(dataset) is { Implicit: false }, storeLocation, formatName, parse.GetValue(path));
                // Settings and flags are one tree: the flags below set Strata:Evaluation keys, the usual sources fill the rest.
                var flags = new Dictionary<string, string?>();
                if (parse.GetValue(cut) is { } cutText) flags[$"{EvaluationSettings.Section}:TemporalCut"] = cutText;
                if (parse.GetValue(testFraction) is { } fraction) flags[$"{EvaluationSettings.Section}:TemporalTestFraction"] = fraction.ToString(CultureInfo.InvariantCulture);
                if (parse.GetValue(relevant) is { } types) flags[$"{EvaluationSettings.Section}:RelevantTypes"] = types;
                var vectorCachePath = parse.GetValue(vectorCache);
                if (vectorCachePath is not null) flags["Strata:Embeddings:VectorCachePath"] = vectorCachePath;
                var database = storeLocation is not null && !LooksLikePostgres(storeLocation) ? storeLocation : CommonOptions.DefaultDatabase;
                var compareFiles = parse.GetValue(compare);
                // With --compare, each file's Strata:Embeddings:Model chooses its encoder unless --embedding-model sets it for
                // both (flags win); none turns vectors off for both.
                var embeddingGiven = parse.GetResult(embedding) is { Implicit: false };
                var embeddingModel = compareFiles is not null && !embeddingGiven ? "per configuration" : parse.GetValue(embedding)!;
                if (compareFiles is not null && embeddingGiven && embeddingModel != "none") flags["Strata:Embeddings:Model"] = embeddingModel;
                var options = new EvaluationRunOptions
                {
                    Dataset = parse.GetValue(dataset)!.Trim().ToLowerInvariant(),
                    Store = storeLocation,
                    Format = formatName,
                    Path = parse.GetValue(path),
                    Protocol = (parse.GetValue(protocol) ?? (source == "dataset" ? Recommenders7525Splitter.Name : TemporalSplitter.Name)).Trim().ToLowerInvariant(),
                    Settings = EvaluationSettings.Bind(EngineHost.Configuration(database, flags)),
                    Models = ModelRoster.Parse(parse.GetValue(models)!),
                    EaseLambda = parse.GetValue(easeLambda) is { } lambda && lambda <= 0
                        ? throw new EvaluationException($"--ease-lambda must be positive, not {lambda.ToString(CultureInfo.InvariantCulture)}")
                        : parse.GetValue(easeLambda),
                    K = parse.GetValue(k) is > 0 and var cutOff ? cutOff : throw new EvaluationException("--k must be positive"),
                    Seed = parse.GetValue(seed),
                    Resamples = parse.GetValue(resamples) is > 0 and var count ? count : throw new EvaluationException("--resamples must be positive"),
                    EmbeddingModel = embeddingModel,
                    VectorCachePath = vectorCachePath ?? VectorCacheStore.PathBeside(Path.GetFullPath(database)),
                    DataRoot = parse.GetValue(data),
                    Ablate = parse.GetValue(ablate),
                    TextVectors = parse.GetValue(textVectors)!.Trim().ToLowerInvariant() is var vectorsKind && Engine.ModelKinds.TextVectorKinds.Contains(vectorsKind)
                        ? vectorsKind
                        : throw new EvaluationException($"--text-vectors must be one of {string.Join(", ", Engine.ModelKinds.TextVectorKinds)}, not '{parse.GetValue(textVectors)}'"),
                };
                EvaluationReport report;
                if (compareFiles is not null)
                {
                    var configurations = Configurations(compareFiles, database, flags);
                    report = await RunWithProgressAsync(progress => EvaluationRunner.CompareAsync(options, configurations, progress, cancellationToken));
                }
                else report = await RunWithProgressAsync(progress => EvaluationRunner.RunAsync(options, progress, cancellationToken));
                PrintTable(report);
                if (parse.GetValue(json) is { } jsonPath) Write(jsonPath, JsonReportWriter.Write(report));
                if (parse.GetValue(markdown) is { } markdownPath) Write(markdownPath, MarkdownReportWriter.Write(report));
                if (parse.GetValue(plots) is { } folder)
                    AnsiConsole.MarkupLine($"[grey]{PlotWriter.Write(report, folder).Count} charts in {Markup.Escape(folder)}[/]");
                return 0;
            }
            catch (Exception e) when (e is EvaluationException or UserError or DataFormatException or IOException or UnauthorizedAccessException
                                           or ArgumentException or InvalidOperationException or EngineOptionsException or DbException)
            {
                Console.Error.WriteLine($"strata eval: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>Which source the flags name: exactly one of --dataset (the default), --db, --format with --path.</summary>
    private static string Source(bool datasetGiven, string? store, string? format, string? path)
    {
        var named = new[] { datasetGiven ? "--dataset" : null, store is null ? null : "--db", format is null ? null : "--format" }.OfType<string>().ToList();
        if (named.Count > 1) throw new EvaluationException($"{string.Join(" and ", named)} name two sources: give one");
        if (format is not null && path is null) throw new EvaluationException("--format needs --path (the dataset's folder)");
        if (path is not null && format is null) throw new EvaluationException("--path needs --format (one of: " + string.Join(", ", DatasetReaders.Formats) + ")");
        return store is not null ? "store" : format is not null ? "folder" : "dataset";
    }

    private static bool LooksLikePostgres(string location) => StoreLocation.Parse(location).Kind == StoreKind.Postgres;

    /// <summary>A.json,B.json → two engine settings trees, each labelled by its file name.</summary>
    private static List<(string Label, EngineOptions Options)> Configurations(string files, string database, IReadOnlyDictionary<string, string?> flags)
    {
        var paths = files.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (paths.Length != 2) throw new EvaluationException($"--compare takes two files, A.json,B.json (given: {files})");
        var labels = paths.Select(p => Path.GetFileNameWithoutExtension(p)).ToArray();
        if (labels[0] == labels[1]) labels = [$"{labels[0]}#1", $"{labels[1]}#2"];
        return [.. paths.Select((p, i) => (labels[i], EngineHost.Options(database, flags, p)))];
    }

    private static async Task<EvaluationReport> RunWithProgressAsync(Func<IEvaluationProgress?, Task<EvaluationReport>> run)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive) return await run(null);
        EvaluationReport? report = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                report = await run(new SpectreProgress(context));
            });
        return report!;
    }

    /// <summary>One Spectre task per stage, created on its first report.</summary>
    private sealed class SpectreProgress(ProgressContext context) : IEvaluationProgress
    {
        private readonly Dictionary<string, ProgressTask> _tasks = [];

        public void Report(string stage, double done, double total)
        {
            lock (_tasks)
            {
                if (!_tasks.TryGetValue(stage, out var task)) _tasks[stage] = task = context.AddTask(Markup.Escape(stage), maxValue: Math.Max(total, 1));
                task.MaxValue = Math.Max(total, 1);
                task.Value = done;
            }
        }
    }

    private static void PrintTable(EvaluationReport report)
    {
        // Redirected output gets Spectre's 80-column default, too narrow for 15 columns: give logs the full table.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 240;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(report.Dataset)} · {Markup.Escape(report.Protocol)} · k = {report.K}[/]");
        var header = ReportTable.Header(report);
        for (int c = 0; c < header.Count; c++)
        {
            var column = new TableColumn(Markup.Escape(header[c]));
            table.AddColumn(c == 0 ? column : column.RightAligned());
        }
        foreach (var row in ReportTable.Rows(report)) table.AddRow(row.Select(Markup.Escape).ToArray());
        AnsiConsole.Write(table);
        if (report.Comparisons is { Count: > 0 })
        {
            var comparison = new Table().Border(TableBorder.Rounded).Title("[bold]paired bootstrap, B − A (* : the interval excludes zero)[/]");
            var comparisonHeader = ReportTable.ComparisonHeader(report);
            for (int c = 0; c < comparisonHeader.Count; c++)
            {
                var column = new TableColumn(Markup.Escape(comparisonHeader[c]));
                comparison.AddColumn(c < 2 ? column : column.RightAligned());
            }
            foreach (var row in ReportTable.ComparisonRows(report)) comparison.AddRow(row.Select(Markup.Escape).ToArray());
            AnsiConsole.Write(comparison);
        }
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(report.Description)}[/]");
        foreach (var note in report.Notes) AnsiConsole.MarkupLine($"[grey]· {Markup.Escape(note)}[/]");
    }

    private static void Write(string path, string text)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        File.WriteAllText(path, text);
        AnsiConsole.MarkupLine($"[grey]wrote {Markup.Escape(path)}[/]");
    }
}
