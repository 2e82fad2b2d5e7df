using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Spectre.Console;
using Strata.Core.Domain;
using Strata.Data;
using Strata.Storage;
using Strata.Storage.Privacy;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata import</c>: reads a dataset with its format's reader and loads it into the store in one atomic transaction.
/// Bad input stops the import with one line naming file, line and field (exit code 2) and leaves the store as it was;
/// <c>--skip-invalid</c> imports the rest and reports what was skipped.
/// </summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--format")
        {
            Description = $"Dataset format: {string.Join(", ", DatasetReaders.Formats)}.",
            Required = true,
        };
        // Checked when the command runs rather than by the parser: names are case-insensitive, a near miss gets a
        // suggestion, and a wrong one is bad input (exit code 2) like any other.
        format.CompletionSources.Add(DatasetReaders.Formats.ToArray());
        var path = new Option<string>("--path") { Description = "The dataset's folder (e.g. ../shared/data/ml-100k).", Required = true };
        var skipInvalid = new Option<bool>("--skip-invalid") { Description = "Skip malformed lines (counted and reported) instead of stopping." };
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();

        var command = new Command("import", "Import a dataset into the store (atomic: on any error the store is left unchanged).");
        command.Options.Add(format);
        command.Options.Add(path);
        command.Options.Add(database);
        command.Options.Add(skipInvalid);
        command.Options.Add(json);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => CommandGuard.RunAsync("import", async () =>
        {
            var options = new ReaderOptions(parse.GetValue(skipInvalid));
            var formatName = DatasetReaders.Canonical(parse.GetValue(format)!) ?? throw new UserError(DatasetReaders.UnknownFormat(parse.GetValue(format)!));
            var outcome = await RunAsync(formatName, parse.GetValue(path)!, parse.GetValue(database)!, options,
                showProgress: !parse.GetValue(json), cancellationToken);
            if (parse.GetValue(json)) Console.WriteLine(outcome.ToJson().ToJsonString());
            else outcome.Print();
            return 0;
        }));
        return command;
    }

    /// <summary>What one import did, as the CLI reports it.</summary>
    internal sealed record Outcome(string Database, ImportResult Result, ReadReport Report)
    {
        public double EventsPerSecond => Result.Events / Math.Max(Result.Elapsed.TotalSeconds, 1e-9);

        public JsonObject ToJson()
        {
            var byType = new JsonObject();
            foreach (var (type, count) in Result.EventsByType.OrderBy(kv => kv.Key)) byType[type.Name()] = count;
            return new JsonObject
            {
                ["items"] = Result.Items,
                ["users"] = Result.Users,
                ["events"] = Result.Events,
                ["events_by_type"] = byType,
                ["skipped"] = Report.SkippedLines,
                ["duplicates"] = Result.Duplicates,
                ["unknown_item_references"] = Report.UnknownItemReferences,
                ["problems"] = new JsonArray([.. Report.Problems.Select(p => (JsonNode)p)]),
                ["seconds"] = Math.Round(Result.Elapsed.TotalSeconds, 3),
                ["events_per_second"] = Math.Round(EventsPerSecond),
            };
        }

        public void Print()
        {
            var types = string.Join(", ", Result.EventsByType.OrderBy(kv => kv.Key).Select(kv => $"{kv.Value:N0} {kv.Key.Name()}"));
            AnsiConsole.MarkupLine(
                $"Imported [bold]{Result.Events:N0}[/] events ({Markup.Escape(types)}), [bold]{Result.Items:N0}[/] items and " +
                $"[bold]{Result.Users:N0}[/] users into {Markup.Escape(Database)} in {Result.Elapsed.TotalSeconds:F2} s " +
                $"({EventsPerSecond:N0} events/s).");
            if (Result.Duplicates > 0) AnsiConsole.MarkupLine($"{Result.Duplicates:N0} re-sent events (known idempotency key) were dropped.");
            if (!Report.IsClean) AnsiConsole.MarkupLine($"[yellow]{Markup.Escape(Report.ToString())}[/]");
            foreach (var problem in Report.Problems) AnsiConsole.MarkupLine($"  [grey]{Markup.Escape(problem)}[/]");
            if (Report.SkippedLines > Report.Problems.Count) AnsiConsole.MarkupLine($"  [grey]… and {Report.SkippedLines - Report.Problems.Count:N0} more[/]");
        }
    }

    /// <summary>
    /// Opens the reader and the store and imports. A failed import into a store file that did not exist before removes
    /// the file again, so "unchanged" also holds for a fresh <c>--db</c>.
    /// </summary>
    /// <exception cref="DataFormatException">Bad input: the message names file, line and field.</exception>
    internal static async Task<Outcome> RunAsync(string format, string path, string database, ReaderOptions options, bool showProgress,
        CancellationToken cancellationToken)
    {
        var reader = DatasetReaders.Open(format, path, options);
        // A PostgreSQL connection string or URL (a cluster's shared store) imports there; anything else is a store file.
        if (Strata.Storage.Postgres.StoreLocation.Parse(database) is { Kind: Strata.Storage.Postgres.StoreKind.Postgres } shared)
        {
            await using var server = Strata.Storage.Postgres.PostgresStore.Open(shared.Target);
            var serverPseudonyms = Pseudonymizer.FromEnvironment();
            await PseudonymMarker.VerifyAsync(server, server, serverPseudonyms, shared.ToString(), cancellationToken);
            var rows = new ImportSource(reader.ReadItems(), reader.ReadUsers().Select(serverPseudonyms.Protect), reader.ReadEvents().Select(serverPseudonyms.Protect));
            return new Outcome(shared.ToString(), await server.ImportAsync(rows, cancellationToken: cancellationToken), reader.Report);
        }
        var existed = File.Exists(database);
        try
        {
            await using var store = SqliteStore.Open(database);
            // With a pseudonym key, ids, keys and texts are stored as the server stores them; a mismatch with the store stops here.
            var pseudonyms = Pseudonymizer.FromEnvironment();
            await PseudonymMarker.VerifyAsync(store, store, pseudonyms, database, cancellationToken);
            var source = new ImportSource(reader.ReadItems(), reader.ReadUsers().Select(pseudonyms.Protect), reader.ReadEvents().Select(pseudonyms.Protect));
            var result = showProgress && AnsiConsole.Profile.Capabilities.Interactive
                ? await ImportWithProgressAsync(store, source, cancellationToken)
                : await store.ImportAsync(source, cancellationToken: cancellationToken);
            return new Outcome(store.Path, result, reader.Report);
        }
        catch when (!existed)
        {
            DeleteStoreFiles(database);
            throw;
        }
    }

    /// <summary>Removes a store file with its WAL and shared-memory companions.</summary>
    internal static void DeleteStoreFiles(string database)
    {
        foreach (var file in new[] { database, database + "-wal", database + "-shm" }) File.Delete(file);
    }

    private static async Task<ImportResult> ImportWithProgressAsync(SqliteStore store, ImportSource source, CancellationToken cancellationToken)
    {
        ImportResult? result = null;
        await AnsiConsole.Progress().AutoClear(true)
            .Columns(new SpinnerColumn(), new TaskDescriptionColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Importing").IsIndeterminate();
                var progress = new Progress<ImportProgress>(p => task.Description =
                    $"{p.Stage}: {p.Items:N0} items, {p.Users:N0} users, {p.Events:N0} events");
                result = await store.ImportAsync(source, progress, cancellationToken);
                task.StopTask();
            });
        return result!;
    }
}
