using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Extensions.AI;
using Strata.Core;
using Strata.Data;
using Strata.Embeddings;
using Strata.Embeddings.Text;

namespace Strata.Benchmarks.Embeddings;

/// <summary>
/// A warm catalogue run: ml-latest-small's 9,742 movies through the factory's cached MiniLM generator when every vector is
/// already in the SQLite cache (the model is never loaded). One op = the whole catalogue; the target is under one second.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class VectorCacheBenchmarks
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "strata-bench-" + Guid.NewGuid().ToString("N"));
    private List<Strata.Core.Domain.Item> _items = [];
    private EmbeddingOptions _options = new();

    [GlobalSetup]
    public async Task Setup()
    {
        _items = DatasetReaders.Open("movielens-latest", DataDirectory.Dataset("ml-latest-small")).ReadItems().ToList();
        _options = new EmbeddingOptions { VectorCachePath = Path.Combine(_directory, "strata.vectors.db") };
        using var cold = EmbeddingGeneratorFactory.Create(_options);
        await CatalogEmbedder.EmbedAsync(cold, _items, ItemTextTemplate.ForDataset("movielens-latest"));
    }

    [Benchmark]
    public async Task<float[]> Warm_ml_latest_small_catalogue()
    {
        using var generator = EmbeddingGeneratorFactory.Create(_options);
        var vectors = await CatalogEmbedder.EmbedAsync(generator, _items, ItemTextTemplate.ForDataset("movielens-latest"));
        if (generator.GetService<Strata.Embeddings.Caching.VectorCachingEmbeddingGenerator>()!.Misses != 0)
            throw new InvalidOperationException("warm run missed the cache");
        return vectors;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
