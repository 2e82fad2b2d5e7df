using System.CommandLine;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata compact</c>: rewrites the store so that nothing deleted (an erased user's ids, keys and texts) survives in
/// its files — SQLite's VACUUM, then an empty WAL. The server does this after each erasure unless told not to.
/// </summary>
internal static class CompactCommand
{
    public static Command Create()
    {
        var database = CommonOptions.ExistingDatabase();
        var command = new Command("compact", "Rewrite the store so that erased data survives in none of its files (VACUUM + empty WAL).");
        command.Options.Add(database);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => CommandGuard.RunAsync("compact", async () =>
        {
            var path = parse.GetValue(database)!;
            if (!File.Exists(path)) throw new UserError($"no store at {path}");
            await using var store = SqliteStore.Open(path);
            var before = new FileInfo(store.Path).Length;
            await store.CompactAsync(cancellationToken);
            Console.WriteLine($"Compacted {store.Path}: {before / 1e6:N1} MB → {new FileInfo(store.Path).Length / 1e6:N1} MB, WAL empty.");
            return 0;
        }));
        return command;
    }
}
