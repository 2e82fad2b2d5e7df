using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Strata.Core;
using Strata.Core.Domain;
using Strata.Data;
using Strata.Embeddings;
using Strata.Embeddings.Text;
using Strata.Interests.Taxonomies;

namespace Strata.Benchmarks.Interests;

/// <summary>
/// Taxonomy build for ml-latest-small (9,742 movies) on real MiniLM vectors of "{title}. {genres}" with default options
/// (k chosen by silhouette for macros and for each macro's mesos, 3 restarts, c-TF-IDF labels). The vectors are embedded once
/// in setup through a vector cache in the temp folder, so only the first run pays for the encoder.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class TaxonomyBuildBenchmarks
{
    private List<Item> _items = [];
    private float[] _vectors = [];
    private int _dimensions;

    [GlobalSetup]
    public void Setup()
    {
        _items = DatasetReaders.Open("movielens-latest", DataDirectory.Dataset("ml-latest-small")).ReadItems().ToList();
        var options = new EmbeddingOptions { VectorCachePath = Path.Combine(Path.GetTempPath(), "strata-bench-vectors.db") };
        using var generator = EmbeddingGeneratorFactory.Create(options);
        _vectors = CatalogEmbedder.EmbedAsync(generator, _items, ItemTextTemplate.ForDataset("ml-latest-small")).GetAwaiter().GetResult();
        _dimensions = _vectors.Length / _items.Count;
    }

    [Benchmark]
    public Taxonomy Build_ml_latest_small() => TaxonomyBuilder.Build(_vectors, _dimensions, _items);
}
