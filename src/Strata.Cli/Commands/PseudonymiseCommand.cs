using System.CommandLine;
using Strata.Storage.Privacy;
using Strata.Storage.Sqlite;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>strata pseudonymise</c>: converts a store of raw user ids to keyed pseudonyms (user ids, idempotency keys, event
/// texts) with the key in <c>STRATA_PSEUDONYM_KEY</c>, so a server started with that key serves the existing users.
/// One transaction; the raw values are then gone from the store's files. The saved model beside the store is removed
/// (it was fitted under the raw ids).
/// </summary>
internal static class PseudonymiseCommand
{
    public static Command Create()
    {
        var database = CommonOptions.ExistingDatabase();
        var command = new Command("pseudonymise", $"Replace the store's raw user ids, idempotency keys and search texts by keyed pseudonyms (key in {Pseudonymizer.KeyEnvironmentVariable}).");
        command.Options.Add(database);
        command.SetAction((ParseResult parse, CancellationToken cancellationToken) => CommandGuard.RunAsync("pseudonymise", async () =>
        {
            var path = parse.GetValue(database)!;
            if (!File.Exists(path)) throw new UserError($"no store at {path}");
            var pseudonyms = Pseudonymizer.FromEnvironment();
            if (!pseudonyms.Enabled) throw new UserError($"set {Pseudonymizer.KeyEnvironmentVariable} to the key the server will use");
            await using var store = SqliteStore.Open(path);
            var (users, events) = await store.PseudonymiseAsync(pseudonyms, cancellationToken);
            File.Delete(store.Path + ".model");
            Console.WriteLine($"Pseudonymised {users:N0} users and {events:N0} events with keys or texts in {store.Path} (key fingerprint {pseudonyms.Fingerprint}).");
            return 0;
        }));
        return command;
    }
}
