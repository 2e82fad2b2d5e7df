using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Strata.Data;
using Strata.Embeddings.Caching;
using Strata.Evaluation;
using Strata.Evaluation.Harness;
using Strata.Evaluation.Reports;
using Strata.Evaluation.Splits;

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
            Description = $"Dataset: {string.Join(", ", EvaluationDatasets.Names)}.",
            DefaultValueFactory = _ => "ml-100k",
        };
        var protocol = new Option<string>("--protocol")
        {
            Description = $"Protocol: {string.Join(", ", Protocols.Names)}.",
            DefaultValueFactory = _ => Recommenders7525Splitter.Name,
        };
        var models = new Option<string>("--models")
        {
            Description = $"Comma-separated models (default: all): {string.Join(",", ModelRoster.Names)}.",
            DefaultValueFactory = _ => string.Join(",", ModelRoster.Names),
        };
        var easeLambda = new Option<double?>("--ease-lambda") { Description = "EASE's λ (default: tuned on validation data carved from training)." };
        var k = new Option<int>("--k") { Description = "List length of the @k metrics.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of generated splits and sampling models.", DefaultValueFactory = _ => 42 };
        var embedding = new Option<string>("--embedding-model")
        {
            Description = "Sentence model for item vectors (minilm, arctic-xs), or none (no diversity, no content models).",
            DefaultValueFactory = _ => "minilm",
        };
        var vectorCache = new Option<string>("--vector-cache")
        {
            Description = "SQLite file caching item vectors.",
            DefaultValueFactory = _ => VectorCacheStore.PathBeside(CommonOptions.DefaultDatabase),
        };
        var json = new Option<string?>("--json") { Description = "Write the report as JSON to this file." };
        var markdown = new Option<string?>("--markdown") { Description = "Write the comparison table as Markdown to this file." };
        var plots = new Option<string?>("--plots") { Description = "Write PNG bar charts per metric (and the accuracy–diversity curve) into this folder." };
        var ablate = new Option<bool>("--ablate")
        {
            Description = "Also fit Strata without each signal family (collaborative, content, hierarchy, sequential when present) and report the nDCG@k change with a paired bootstrap 95% interval over users.",
        };
        var textVectors = new Option<string>("--text-vectors")
        {
            Description = "Item vectors Strata's model reads: frozen (the encoder's) or tuned (its item tower, trained on the training split). Same key as Strata:Model:TextVectors.",
            DefaultValueFactory = _ => Engine.ModelKinds.FrozenVectors,
        };
        var data = CommonOptions.Data();

        var command = new Command("eval", "Evaluate models side by side on a public protocol (fit on train only, score every test user).");
        foreach (var option in new Option[] { dataset, protocol, models, easeLambda, k, seed, embedding, vectorCache, json, markdown, plots, ablate, textVectors, data })
            command.Options.Add(option);
        command.SetAction(async (ParseResult parse, CancellationToken cancellationToken) =>
        {
            try
            {
                var options = new EvaluationRunOptions
                {
                    Dataset = parse.GetValue(dataset)!.Trim().ToLowerInvariant(),
                    Protocol = parse.GetValue(protocol)!.Trim().ToLowerInvariant(),
                    Models = ModelRoster.Parse(parse.GetValue(models)!),
                    EaseLambda = parse.GetValue(easeLambda) is { } lambda && lambda <= 0
                        ? throw new EvaluationException($"--ease-lambda must be positive, not {lambda.ToString(CultureInfo.InvariantCulture)}")
                        : parse.GetValue(easeLambda),
                    K = parse.GetValue(k) is > 0 and var cut ? cut : throw new EvaluationException("--k must be positive"),
                    Seed = parse.GetValue(seed),
                    EmbeddingModel = parse.GetValue(embedding)!,
                    VectorCachePath = parse.GetValue(vectorCache),
                    DataRoot = parse.GetValue(data),
                    Ablate = parse.GetValue(ablate),
                    TextVectors = parse.GetValue(textVectors)!.Trim().ToLowerInvariant() is var vectorsKind && vectorsKind is Engine.ModelKinds.FrozenVectors or Engine.ModelKinds.TunedVectors
                        ? vectorsKind
                        : throw new EvaluationException($"--text-vectors must be {Engine.ModelKinds.FrozenVectors} or {Engine.ModelKinds.TunedVectors}, not '{parse.GetValue(textVectors)}'"),
                };
                var report = await RunWithProgressAsync(options, cancellationToken);
                PrintTable(report);
                if (parse.GetValue(json) is { } jsonPath) Write(jsonPath, JsonReportWriter.Write(report));
                if (parse.GetValue(markdown) is { } markdownPath) Write(markdownPath, MarkdownReportWriter.Write(report));
                if (parse.GetValue(plots) is { } folder)
                    AnsiConsole.MarkupLine($"[grey]{PlotWriter.Write(report, folder).Count} charts in {Markup.Escape(folder)}[/]");
                return 0;
            }
            catch (Exception e) when (e is EvaluationException or DataFormatException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                Console.Error.WriteLine($"strata eval: {e.Message}");
                return 2;
            }
        });
        return command;
    }

    private static async Task<EvaluationReport> RunWithProgressAsync(EvaluationRunOptions options, CancellationToken cancellationToken)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive) return await EvaluationRunner.RunAsync(options, null, cancellationToken);
        EvaluationReport? report = null;
        await AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                report = await EvaluationRunner.RunAsync(options, new SpectreProgress(context), cancellationToken);
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
