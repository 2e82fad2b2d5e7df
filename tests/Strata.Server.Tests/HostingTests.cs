using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Strata.Engine;
using Strata.Server.Tests.Infrastructure;

namespace Strata.Server.Tests;

/// <summary>Strata hosted inside another ASP.NET Core application through AddStrata/MapStrata, embedding with the application's own generator.</summary>
public sealed class HostingTests
{
    [Fact]
    public async Task An_application_hosts_Strata_and_its_own_embedding_generator_embeds_the_catalogue()
    {
        var directory = TempDirectory.UntilExit();
        var database = await TestData.ImportMovieLens100kAsync(directory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            // The cache beside the store: this generator's vectors must not meet the shared MiniLM cache of the other tests.
            Args = [.. TestData.ServerArguments(database).Where(a => !a.StartsWith("--Strata:Embeddings:VectorCachePath", StringComparison.Ordinal))],
            ContentRootPath = directory,
        });
        using var generator = new HashedWordsGenerator();
        builder.Services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(generator);
        // The application's own endpoint beside Strata's.
        builder.Services.AddStrata(builder.Configuration);
        await using var app = builder.Build();
        app.MapGet("/app/ping", () => "pong");
        app.MapStrata();
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", TestData.ApiKey);
        await ServerFixture.WaitReadyAsync(client);

        Assert.Equal("pong", await client.GetStringAsync("/app/ping"));
        // Every one of ml-100k's 1,682 items went through the application's generator, and nothing else embedded them.
        Assert.True(generator.Texts >= 1682, $"the application's generator embedded {generator.Texts} texts");
        var options = app.Services.GetRequiredService<EngineOptions>();
        Assert.Equal("application/hashed-words/v1/64", options.ApplicationEncoder);
        Assert.NotEqual(EngineOptions.Bind(builder.Configuration).Fingerprint(), options.Fingerprint());

        using var recommendations = JsonDocument.Parse(await client.GetStringAsync("/users/1/recommendations?n=5"));
        Assert.Equal(5, recommendations.RootElement.GetProperty("items").GetArrayLength());
        // Text cold start embeds the query with the same generator: 64-dimension vectors, or the server would answer 500.
        var byText = await client.PostAsJsonAsync("/recommendations/text", new { text = "a space adventure with robots" });
        byText.EnsureSuccessStatusCode();
        Assert.True(generator.Texts > 1682);

        await app.StopAsync();
        await app.DisposeAsync();
        // The generator belongs to the application: Strata's cache in front of it does not dispose it.
        Assert.False(generator.Disposed);
    }

    /// <summary>
    /// An application's generator (a real one, not a stand-in for Strata code): hashed bag of words, 64 dimensions, unit length.
    /// Counts the texts it embeds.
    /// </summary>
    private sealed class HashedWordsGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private const int Dimensions = 64;
        private readonly EmbeddingGeneratorMetadata _metadata = new("hashed-words", defaultModelId: "v1", defaultModelDimensions: Dimensions);
        private int _texts;

        public int Texts => Volatile.Read(ref _texts);
        public bool Disposed { get; private set; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
            CancellationToken cancellationToken = default)
        {
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var text in values)
            {
                Interlocked.Increment(ref _texts);
                var vector = new float[Dimensions];
                foreach (var word in text.ToLowerInvariant().Split([' ', ',', '.', ':', '(', ')', '|'], StringSplitOptions.RemoveEmptyEntries))
                {
                    // FNV-1a: a stable hash (string.GetHashCode is salted per process).
                    uint hash = 2166136261;
                    foreach (var c in word) hash = (hash ^ c) * 16777619;
                    vector[hash % Dimensions] += (hash & 0x8000_0000) == 0 ? 1f : -1f;
                }
                var norm = MathF.Sqrt(vector.Sum(v => v * v));
                if (norm == 0) vector[0] = norm = 1;
                for (int d = 0; d < Dimensions; d++) vector[d] /= norm;
                result.Add(new Embedding<float>(vector));
            }
            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is null && serviceType.IsInstanceOfType(_metadata) ? _metadata : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

        public void Dispose() => Disposed = true;
    }
}
