using System.CommandLine;
using Spectre.Console;
using Strata.Core;
using Strata.Data;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata quickstart</c>: the README's first command. Imports MovieLens 100K from <c>&lt;data&gt;/ml-100k</c> into a fresh
/// store file and shows what it holds.
/// </summary>
internal static class QuickstartCommand
{
    public const string Dataset = "ml-100k";

    public static Command Create()
    {
        var data = CommonOptions.Data();
        var database = CommonOptions.Database();
        var command = new Command("quickstart", $"Import MovieLens 100K (<data>/{Dataset}) into a fresh store and show what it holds.");
        command.Options.Add(data);
        command.Options.Add(database);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => ImportCommand.Guard("quickstart", async () =>
        {
            var folder = DataDirectory.Dataset(Dataset, parse.GetValue(data));
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"{folder}: MovieLens 100K not found (download ml-100k.zip from https://grouplens.org/datasets/movielens/, unzip it there, or pass --data DIR)");
            var dbPath = parse.GetValue(database)!;
            // A quickstart always starts from an empty store, so a second run shows the same numbers as the first.
            ImportCommand.DeleteStoreFiles(dbPath);

            AnsiConsole.MarkupLine($"Importing [bold]{Markup.Escape(folder)}[/] into [bold]{Markup.Escape(dbPath)}[/]…");
            var outcome = await ImportCommand.RunAsync("movielens-100k", folder, dbPath, ReaderOptions.Strict, showProgress: true, cancellationToken);
            outcome.Print();

            await using var store = SqliteStore.Open(dbPath);
            var stats = await StatsCommand.Stats.ReadAsync(store, store, cancellationToken);
            stats.Print(store.Path);
            return 0;
        }));
        return command;
    }
}
