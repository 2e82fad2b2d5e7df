using Microsoft.Data.Sqlite;
using Strata.Core;
using Strata.Core.Vectors;
using Strata.Data;
using Strata.Embeddings.Caching;
using Strata.Embeddings.Onnx;
using Strata.Embeddings.Tests.Onnx;
using Strata.Embeddings.Text;

namespace Strata.Embeddings.Tests.Caching;

/// <summary>The SQLite vector cache over the real MiniLM encoder, in real temporary files.</summary>
[Collection(EncoderCollection.Name)]
public sealed class VectorCachingEmbeddingGeneratorTests(EncoderFixture fixture)
{
    private static readonly string ModelKey = EmbeddingGeneratorFactory.CacheKey(SentenceEncoderModel.MiniLM, new EmbeddingOptions());

    [Fact]
    public async Task A_warm_second_run_over_a_catalogue_is_answered_entirely_from_the_cache_and_matches_the_cold_run()
    {
        using var temp = new TempDirectory();
        var items = DatasetReaders.Open("movielens-100k", DataDirectory.Dataset("ml-100k")).ReadItems().Take(300).ToArray();
        var template = ItemTextTemplate.ForDataset("movielens-100k");

        float[] cold;
        using (var generator = Cached(temp.File("strata.vectors.db")))
        {
            cold = await CatalogEmbedder.EmbedAsync(generator, items, template);
            Assert.Equal(0, generator.Hits);
            Assert.Equal(items.Length, generator.Misses);
        }
        using (var generator = Cached(temp.File("strata.vectors.db")))
        {
            var warm = await CatalogEmbedder.EmbedAsync(generator, items, template);
            Assert.Equal(items.Length, generator.Hits);
            Assert.Equal(0, generator.Misses);
            Assert.Equal(cold, warm);
        }
    }

    [Fact]
    public async Task A_changed_text_re_embeds_only_itself()
    {
        using var temp = new TempDirectory();
        using var generator = Cached(temp.File("cache.db"));
        await generator.GenerateAsync(["alpha film", "beta film", "gamma film"]);
        var before = generator.Misses;

        var second = await generator.GenerateAsync(["alpha film", "beta film, director's cut", "gamma film"]);

        Assert.Equal(1, generator.Misses - before);
        var fresh = await fixture.MiniLM.GenerateAsync(["beta film, director's cut"]);
        Assert.True(VectorMath.Cosine(second[1].Vector.Span, fresh[0].Vector.Span) > 0.99999);
    }

    [Fact]
    public async Task Duplicate_texts_in_one_call_are_embedded_once()
    {
        using var temp = new TempDirectory();
        using var generator = Cached(temp.File("cache.db"));
        var vectors = await generator.GenerateAsync(["same", "same", "other", "same"]);
        Assert.Equal(4, vectors.Count);
        Assert.Equal(4, generator.Misses);
        Assert.Equal(2, generator.Store.Count(ModelKey));
        Assert.Equal(vectors[0].Vector.ToArray(), vectors[3].Vector.ToArray());
    }

    [Theory]
    [InlineData("short")]
    [InlineData("zeros")]
    [InlineData("nan")]
    [InlineData("dimensions")]
    public async Task A_corrupt_entry_is_re_embedded_never_returned(string corruption)
    {
        using var temp = new TempDirectory();
        var path = temp.File("cache.db");
        const string text = "The weather is lovely today.";
        using (var generator = Cached(path)) await generator.GenerateAsync([text]);

        using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            (command.CommandText, var blob) = corruption switch
            {
                "short" => ("UPDATE vectors SET vector = $blob", new byte[100]),
                "zeros" => ("UPDATE vectors SET vector = $blob", new byte[384 * 4]),
                "nan" => ("UPDATE vectors SET vector = $blob", Enumerable.Repeat(BitConverter.GetBytes(float.NaN), 384).SelectMany(b => b).ToArray()),
                _ => ("UPDATE vectors SET dimensions = 10, vector = $blob", new byte[40]),
            };
            command.Parameters.AddWithValue("$blob", blob);
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        using (var generator = Cached(path))
        {
            var vector = (await generator.GenerateAsync([text]))[0];
            Assert.Equal(1, generator.Misses);
            var expected = (await fixture.MiniLM.GenerateAsync([text]))[0];
            Assert.True(VectorMath.Cosine(vector.Vector.Span, expected.Vector.Span) > 0.99999);
        }
        using (var generator = Cached(path))
        {
            await generator.GenerateAsync([text]);
            Assert.Equal(1, generator.Hits); // the repaired entry was written back
        }
    }

    [Fact]
    public async Task Different_models_never_share_vectors()
    {
        using var temp = new TempDirectory();
        var path = temp.File("cache.db");
        using (var generator = Cached(path)) await generator.GenerateAsync(["shared text"]);
        using var other = new VectorCachingEmbeddingGenerator(new BorrowedGenerator(fixture.ArcticXs), new VectorCacheStore(path),
            EmbeddingGeneratorFactory.CacheKey(SentenceEncoderModel.ArcticXs, new EmbeddingOptions()), 384);
        await other.GenerateAsync(["shared text"]);
        Assert.Equal(1, other.Misses);
    }

    [Fact]
    public void The_cache_file_sits_beside_the_store() =>
        Assert.Equal(Path.GetFullPath("data/strata.vectors.db"), VectorCacheStore.PathBeside("data/strata.db"));

    private VectorCachingEmbeddingGenerator Cached(string path) =>
        new(new BorrowedGenerator(fixture.MiniLM), new VectorCacheStore(path), ModelKey, 384);
}
