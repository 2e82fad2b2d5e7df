using Microsoft.Data.Sqlite;
using Strata.Data;
using Strata.Engine;
using Strata.Storage;
using Strata.Storage.Privacy;

namespace Strata.Cli.Commands;

/// <summary>
/// Runs a command body so that every known failure reaches the user as one clear line on stderr (file, line and field
/// where the error has them) and an exit code, never as a stack trace: 2 for bad input, 1 for other failures, 130 when cancelled.
/// </summary>
internal static class CommandGuard
{
    public static async Task<int> RunAsync(string command, Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is UserError or DataFormatException or InvalidDataException or IOException or SqliteException
                                       or ArgumentException or InvalidOperationException or UnauthorizedAccessException or PseudonymMismatchException
                                       or EngineOptionsException)
        {
            Console.Error.WriteLine($"strata {command}: {e.Message}");
            // A setting that stops a fit (e.g. over Strata:Model:MemoryBudget) is bad input too: the message names the key.
            return e is UserError or DataFormatException or PseudonymMismatchException or StoreUnavailableException or EngineOptionsException ? 2 : 1;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine($"strata {command}: cancelled (nothing half-written: imports and fits commit atomically)");
            return 130;
        }
    }
}

/// <summary>A mistake in what the user asked for (a missing store, an unknown user…): reported as one line, exit code 2.</summary>
internal sealed class UserError(string message) : Exception(message);
