using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;
using Strata.Core.Domain;
using Strata.Storage;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Commands;

/// <summary><c>strata stats</c>: what the store holds: items, users, events by type and the time range they span.</summary>
internal static class StatsCommand
{
    public static Command Create()
    {
        var database = CommonOptions.Database();
        var json = CommonOptions.Json();
        var command = new Command("stats", "Show what the store holds: items, users, events by type, time range.");
        command.Options.Add(database);
        command.Options.Add(json);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => CommandGuard.RunAsync("stats", async () =>
        {
            var path = parse.GetValue(database)!;
            // A typo in --db must not silently create (and report) an empty store.
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such store (import a dataset first: strata import …)");
            await using var store = SqliteStore.Open(path);
            var stats = await Stats.ReadAsync(store, store, cancellationToken);
            if (parse.GetValue(json)) Console.WriteLine(stats.ToJson().ToJsonString());
            else stats.Print(store.Path);
            return 0;
        }));
        return command;
    }

    /// <summary>The store's counts, as <c>stats</c> and <c>quickstart</c> print them.</summary>
    internal sealed record Stats(CatalogCounts Catalog, EventCounts Events)
    {
        public static async Task<Stats> ReadAsync(ICatalogStore catalog, IEventStore events, CancellationToken cancellationToken) =>
            new(await catalog.CountCatalogAsync(cancellationToken), await events.CountEventsAsync(cancellationToken: cancellationToken));

        public JsonObject ToJson()
        {
            var byType = new JsonObject();
            foreach (var (type, count) in Events.ByType.OrderBy(kv => kv.Key)) byType[type.Name()] = count;
            return new JsonObject
            {
                ["items"] = Catalog.Items,
                ["users"] = Catalog.Users,
                ["events"] = Events.Total,
                ["events_by_type"] = byType,
                ["first_event"] = Events.First?.UtcDateTime.ToString("O"),
                ["last_event"] = Events.Last?.UtcDateTime.ToString("O"),
            };
        }

        public void Print(string database)
        {
            // The path on its own line: as a table title Spectre cuts it to the table's width ("/tmp/tmp.x/s…").
            AnsiConsole.MarkupLine($"Store [bold]{Markup.Escape(database)}[/]:");
            var table = new Table().AddColumn("").AddColumn(new TableColumn("count").RightAligned());
            table.AddRow("items", $"{Catalog.Items:N0}");
            table.AddRow("users", $"{Catalog.Users:N0}");
            table.AddRow("[bold]events[/]", $"[bold]{Events.Total:N0}[/]");
            foreach (var (type, count) in Events.ByType.OrderBy(kv => kv.Key)) table.AddRow($"  {type.Name()}", $"{count:N0}");
            AnsiConsole.Write(table);
            if (Events.First is { } first && Events.Last is { } last)
                AnsiConsole.MarkupLine($"Events from {first:yyyy-MM-dd HH:mm:ss} to {last:yyyy-MM-dd HH:mm:ss} UTC.");
        }
    }
}
