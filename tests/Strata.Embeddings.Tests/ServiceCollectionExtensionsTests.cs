using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Strata.Embeddings.Caching;
using Strata.Embeddings.Remote;
using Strata.Embeddings.Tests.Remote;

namespace Strata.Embeddings.Tests;

public sealed class ServiceCollectionExtensionsTests
{
    [Fact]
    public async Task Configuration_selects_and_configures_the_generator()
    {
        using var server = new EmbeddingsServer();
        using var temp = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Strata:Embeddings:Model"] = "remote",
            ["Strata:Embeddings:VectorCachePath"] = temp.File("v.db"),
            ["Strata:Embeddings:Remote:Endpoint"] = server.Endpoint,
            ["Strata:Embeddings:Remote:Model"] = "configured-model",
            ["Strata:Embeddings:Remote:BatchSize"] = "2",
        }).Build();
        await using var provider = new ServiceCollection().AddStrataEmbeddings(configuration).BuildServiceProvider();

        var generator = provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();
        var vectors = await generator.GenerateAsync(["a", "b", "c"]);

        Assert.Equal(3, vectors.Count);
        Assert.NotNull(generator.GetService<VectorCachingEmbeddingGenerator>());
        Assert.Equal(2, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("configured-model", r.Json.RootElement.GetProperty("model").GetString()));
    }

    [Fact]
    public async Task The_remote_generator_sends_through_the_hosts_http_client_factory_with_retries()
    {
        using var server = new EmbeddingsServer { Respond = (_, n) => n == 0 ? (503, null, "warming up") : (200, null, null) };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Strata:Embeddings:Model"] = "remote",
            ["Strata:Embeddings:Remote:Endpoint"] = server.Endpoint,
            ["Strata:Embeddings:Remote:InitialBackoff"] = "00:00:00.005",
        }).Build();
        var attempts = new AttemptCounter();
        var services = new ServiceCollection().AddStrataEmbeddings(configuration);
        // A host's own handler on the named client sits inside the resilience handler, so it sees every attempt.
        services.AddHttpClient(RemoteEmbeddingHttp.ClientName).AddHttpMessageHandler(() => attempts);
        await using var provider = services.BuildServiceProvider();

        var vectors = await provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateAsync(["a"]);

        Assert.Single(vectors);
        Assert.Equal(2, attempts.Count);
        Assert.Equal(2, server.Requests.Count);
    }

    private sealed class AttemptCounter : DelegatingHandler
    {
        public int Count;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public void A_bad_setting_fails_at_registration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Strata:Embeddings:MaxTokens"] = "4096",
        }).Build();
        var error = Assert.Throws<ValidationException>(() => new ServiceCollection().AddStrataEmbeddings(configuration));
        Assert.Contains("MaxTokens", error.Message);
    }
}
