using Strata.Data;
using Strata.Data.Generic;
using Strata.Evaluation.Harness;
using Strata.Evaluation.Reports;
using Strata.Evaluation.Splits;
using Strata.Storage;
using Strata.Storage.Postgres;
using Strata.Storage.Sqlite;
using Strata.Storage.Tests.Postgres;

namespace Strata.Evaluation.Tests.Sources;

/// <summary>
/// <c>strata eval</c> on any data: ML-100K exported in the generic JSONL format, imported into a SQLite store or a
/// PostgreSQL database, gives the numbers the built-in dataset gives (same catalogue order, same users, same split).
/// </summary>
public sealed class AnySourceTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("strata-eval-any-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>Cheap, deterministic models (EASE with a fixed λ), no vectors: the comparison is about data, not encoders.</summary>
    private static EvaluationRunOptions Options(string protocol = "random-80-20") => new()
    {
        Protocol = protocol,
        Models = ["ease", "itemknn", "pop"],
        EaseLambda = 500,
        EmbeddingModel = "none",
        DiversityCurve = false,
        Threads = 2,
    };

    private static EvaluationRunOptions With(EvaluationRunOptions options, string? store = null, string? format = null, string? path = null) => new()
    {
        Protocol = options.Protocol, Models = options.Models, EaseLambda = options.EaseLambda, EmbeddingModel = options.EmbeddingModel,
        DiversityCurve = false, Threads = options.Threads, Store = store, Format = format, Path = path,
    };

    private static void AssertSameNumbers(EvaluationReport expected, EvaluationReport actual)
    {
        Assert.Equal(expected.Models.Select(m => (m.Name, m.TestSet, m.Users)), actual.Models.Select(m => (m.Name, m.TestSet, m.Users)));
        foreach (var (e, a) in expected.Models.Zip(actual.Models))
            Assert.Equal(e.Metrics.Where(m => !double.IsNaN(m.Value)), a.Metrics.Where(m => !double.IsNaN(m.Value)));
        Assert.Equal(expected.Options["train_events"], actual.Options["train_events"]);
        Assert.Equal(expected.Options["test_events"], actual.Options["test_events"]);
    }

    private string ExportMl100kAsJsonl()
    {
        var reader = DatasetReaders.Open("movielens-100k", Path.Combine(Core.DataDirectory.Resolve(), "ml-100k"));
        var folder = Path.Combine(_folder.FullName, "ml-100k-jsonl");
        GenericFormatWriter.WriteJsonl(folder, reader.ReadItems(), reader.ReadEvents(), reader.ReadUsers());
        return folder;
    }

    private static async Task ImportMl100kAsync(IBulkImporter store)
    {
        var reader = DatasetReaders.Open("movielens-100k", Path.Combine(Core.DataDirectory.Resolve(), "ml-100k"));
        await store.ImportAsync(new ImportSource(reader.ReadItems(), reader.ReadUsers(), reader.ReadEvents()));
    }

    [Fact]
    public async Task Ml100k_exported_as_jsonl_gives_the_numbers_of_the_builtin_dataset_on_random_80_20()
    {
        var builtin = await EvaluationRunner.RunAsync(Options());
        var exported = await EvaluationRunner.RunAsync(With(Options(), format: "jsonl", path: ExportMl100kAsJsonl()));

        AssertSameNumbers(builtin, exported);
        Assert.Equal(943, exported.Models[0].Users);
        Assert.True(exported.Models.Single(m => m.Name == "ease").Metrics["ndcg@10"] > exported.Models.Single(m => m.Name == "pop").Metrics["ndcg@10"]);
    }

    [Fact]
    public async Task Ml100k_in_a_sqlite_store_gives_the_numbers_of_the_builtin_dataset()
    {
        var database = Path.Combine(_folder.FullName, "ml-100k.db");
        await using (var store = SqliteStore.Open(database)) await ImportMl100kAsync(store);

        var builtin = await EvaluationRunner.RunAsync(Options("cold-users"));
        var stored = await EvaluationRunner.RunAsync(With(Options("cold-users"), store: database));

        AssertSameNumbers(builtin, stored);
        Assert.StartsWith("store ", stored.Options["source"]);
    }

    [Fact]
    public async Task Ml100k_in_postgresql_gives_the_numbers_of_the_builtin_dataset()
    {
        using var database = new TestDatabase();
        await using (var store = Stores.Open(database.ConnectionString)) await ImportMl100kAsync(store);

        var builtin = await EvaluationRunner.RunAsync(Options());
        var stored = await EvaluationRunner.RunAsync(With(Options(), store: database.ConnectionString));

        AssertSameNumbers(builtin, stored);
        Assert.Equal(database.Name, stored.Dataset);
    }

    [Fact]
    public async Task A_missing_store_file_is_an_error_and_is_not_created()
    {
        var database = Path.Combine(_folder.FullName, "missing.db");
        var error = await Assert.ThrowsAsync<EvaluationException>(() => EvaluationRunner.RunAsync(With(Options(), store: database)));
        Assert.Contains("no such store", error.Message);
        Assert.False(File.Exists(database));
    }

    [Fact]
    public async Task Relevant_types_absent_from_the_test_part_leave_an_empty_test_set_which_is_an_error()
    {
        var options = new EvaluationRunOptions
        {
            Protocol = "random-80-20", Models = ["pop"], EmbeddingModel = "none", DiversityCurve = false,
            Settings = new EvaluationSettings { RelevantTypes = "purchase" },
        };
        var error = await Assert.ThrowsAsync<EvaluationException>(() => EvaluationRunner.RunAsync(options));
        Assert.Equal("empty test set: protocol random-80-20 on ml-100k (100,000 interaction events) leaves no user with a relevant test item of type purchase", error.Message);
    }

    [Fact]
    public void Unknown_formats_and_missing_folders_are_named()
    {
        Assert.Contains("unknown format 'parquet'", Assert.Throws<EvaluationException>(() => EvaluationDatasets.Read("parquet", _folder.FullName)).Message);
        var missing = Path.Combine(_folder.FullName, "nowhere");
        Assert.Contains(missing, Assert.Throws<EvaluationException>(() => EvaluationDatasets.Read("jsonl", missing)).Message);
        Assert.Throws<DataFormatException>(() => EvaluationDatasets.Read("jsonl", _folder.FullName));
    }
}
