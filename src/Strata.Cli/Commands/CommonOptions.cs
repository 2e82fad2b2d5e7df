using System.CommandLine;

namespace Strata.Cli.Commands;

/// <summary>Options shared by several commands, so each flag means the same everywhere.</summary>
internal static class CommonOptions
{
    public const string DefaultDatabase = "strata.db";

    public static Option<string> Database() => new("--db")
    {
        Description = "SQLite store file (created if missing).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("STRATA_DB") ?? DefaultDatabase,
    };

    /// <summary>The store of a command that reads one: it must exist (the command says so, and never creates an empty one).</summary>
    public static Option<string> ExistingDatabase() => new("--db")
    {
        Description = "SQLite store file (must exist: see strata import).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("STRATA_DB") ?? DefaultDatabase,
    };

    public static Option<bool> Json() => new("--json") { Description = "Print one machine-readable JSON object." };

    public static Option<string?> Data() => new("--data")
    {
        Description = "Root folder of the datasets (default: $STRATA_DATA, else ../shared/data).",
    };
}
