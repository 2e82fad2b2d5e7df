using System.CommandLine;
using Spectre.Console;
using Strata.Core;
using Strata.Data;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata quickstart</c>: the README's first command, Strata's main job end to end on the embedded default.
/// Imports MovieLens 100K from <c>&lt;data&gt;/ml-100k</c> into a fresh store file, shows what it holds, then runs the same
/// commands a user would: <c>fit</c> (embed + taxonomy), <c>profile</c> (one user's interest tree) and <c>recommend</c>
/// (that user's explained recommendations).
/// </summary>
internal static class QuickstartCommand
{
    public const string Dataset = "ml-100k";

    public static Command Create()
    {
        var data = CommonOptions.Data();
        var database = CommonOptions.Database();
        var user = new Option<string>("--user") { Description = "The user whose interests and recommendations are shown.", DefaultValueFactory = _ => "1" };
        var command = new Command("quickstart", $"Import MovieLens 100K (<data>/{Dataset}) into a fresh store, fit, and show one user's interests and explained recommendations.");
        command.Options.Add(data);
        command.Options.Add(database);
        command.Options.Add(user);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => CommandGuard.RunAsync("quickstart", async () =>
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

            await using (var store = SqliteStore.Open(dbPath))
            {
                var stats = await StatsCommand.Stats.ReadAsync(store, store, cancellationToken);
                stats.Print(store.Path);
            }

            // The rest is exactly what a user would type next, so the quickstart cannot drift from the real commands.
            var userId = parse.GetValue(user)!;
            string[][] steps =
            [
                ["fit", "--db", dbPath],
                ["profile", "--user", userId, "--db", dbPath],
                ["recommend", "--user", userId, "--n", "10", "--db", dbPath],
            ];
            var commands = new RootCommand { FitCommand.Create(), ProfileCommand.Create(), RecommendCommand.Create() };
            foreach (var step in steps)
            {
                AnsiConsole.WriteLine();
                AnsiConsole.MarkupLine($"[bold]$ strata {Markup.Escape(string.Join(' ', step))}[/]");
                var exit = await commands.Parse(step).InvokeAsync(cancellationToken: cancellationToken);
                if (exit != 0) return exit;
            }
            return 0;
        }));
        return command;
    }
}
