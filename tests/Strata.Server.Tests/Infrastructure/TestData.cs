using Strata.Core;
using Strata.Data;
using Strata.Storage.Sqlite;

namespace Strata.Server.Tests.Infrastructure;

/// <summary>Real stores for the tests: MovieLens 100K imported into a fresh SQLite file in a temp folder.</summary>
internal static class TestData
{
    public const string ApiKey = "test-key-0123456789abcdef";

    /// <summary>
    /// One vector cache for every server the tests start (in-process or child process), kept beside the test binaries:
    /// the catalogue is embedded once per build output, not once per test.
    /// </summary>
    public static string VectorCache => Path.Combine(AppContext.BaseDirectory, "strata-test-vectors.db");

    /// <summary>A new store file holding ml-100k (official counts: 1,682 items, 943 users, 100,000 ratings).</summary>
    public static async Task<string> ImportMovieLens100kAsync(string directory)
    {
        var path = Path.Combine(directory, "strata.db");
        await using var store = SqliteStore.Open(path);
        var reader = DatasetReaders.Open("movielens-100k", DataDirectory.Dataset("ml-100k"));
        await store.ImportAsync(new Strata.Storage.ImportSource(reader.ReadItems(), reader.ReadUsers(), reader.ReadEvents()));
        return path;
    }

    /// <summary>
    /// Server settings for tests: the shared vector cache, a small fixed taxonomy (8 macro nodes) and EASE as the model
    /// (the same pipeline as Strata's full model, whose validation-tuned fit costs a minute on 2 cores), so a fit takes seconds.
    /// </summary>
    public static string[] ServerArguments(string database) =>
    [
        "--urls", "http://127.0.0.1:0",
        $"--Strata:Database={database}",
        $"--Strata:ApiKey={ApiKey}",
        $"--Strata:Embeddings:VectorCachePath={VectorCache}",
        .. ServingSettings.Select(kv => $"--{kv.Key}={kv.Value}"),
    ];

    /// <summary>The same settings as environment variables, for child processes.</summary>
    public static Dictionary<string, string> ServerEnvironment(string model = "ease")
    {
        var environment = new Dictionary<string, string>
        {
            ["STRATA_API_KEY"] = ApiKey,
            ["Strata__Embeddings__VectorCachePath"] = VectorCache,
            ["Logging__LogLevel__Default"] = "Information",
        };
        foreach (var (key, value) in ServingSettings) environment[key.Replace(":", "__")] = value;
        environment["Strata__Model__Kind"] = model;
        return environment;
    }

    private static readonly KeyValuePair<string, string>[] ServingSettings =
    [
        new("Strata:Taxonomy:MacroNodes", "8"),
        new("Strata:Taxonomy:MaxMesoPerMacro", "6"),
        new("Strata:Model:Kind", "ease"),
        // A fixed λ: one solve per fit instead of tuning over eight.
        new("Strata:Model:EaseLambda", "500"),
        // Tests call the cold-start endpoints often and from one client; the limit itself is tested on a server of its own.
        new("Strata:RateLimit:PermitLimit", "0"),
    ];
}
