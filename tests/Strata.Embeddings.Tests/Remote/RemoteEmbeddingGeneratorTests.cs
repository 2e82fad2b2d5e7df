using Strata.Core.Vectors;
using Strata.Embeddings.Remote;

namespace Strata.Embeddings.Tests.Remote;

public sealed class RemoteEmbeddingGeneratorTests : IDisposable
{
    private readonly EmbeddingsServer _server = new();

    public void Dispose() => _server.Dispose();

    private RemoteEmbeddingOptions Options(int batchSize = 64, int maxRetries = 3) => new()
    {
        Endpoint = _server.Endpoint,
        Model = "test-embedder",
        ApiKeyEnvironmentVariable = "STRATA_TEST_EMBEDDINGS_KEY",
        BatchSize = batchSize,
        MaxRetries = maxRetries,
        InitialBackoff = TimeSpan.FromMilliseconds(5),
    };

    [Fact]
    public async Task Sends_openai_requests_in_batches_and_returns_unit_vectors_in_input_order()
    {
        Environment.SetEnvironmentVariable("STRATA_TEST_EMBEDDINGS_KEY", "sk-test-123");
        using var generator = new RemoteEmbeddingGenerator(Options(batchSize: 2));
        string[] texts = ["one", "two", "three", "four", "five"];

        var vectors = await generator.GenerateAsync(texts);

        var requests = _server.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.All(requests, r =>
        {
            Assert.Equal("POST", r.Method);
            Assert.Equal("/v1/embeddings", r.Path);
            Assert.StartsWith("application/json", r.ContentType);
            Assert.Equal("Bearer sk-test-123", r.Authorization);
            Assert.Equal("test-embedder", r.Json.RootElement.GetProperty("model").GetString());
            Assert.Equal("float", r.Json.RootElement.GetProperty("encoding_format").GetString());
            Assert.Equal(384, r.Json.RootElement.GetProperty("dimensions").GetInt32());
        });
        Assert.Equal([["one", "two"], ["three", "four"], ["five"]], requests.Select(r => r.Inputs));

        Assert.Equal(5, vectors.Count);
        Assert.Equal(5, vectors.Usage!.InputTokenCount);
        for (int i = 0; i < texts.Length; i++)
        {
            var expected = EmbeddingsServer.VectorOf(texts[i], 384);
            VectorMath.Normalize(expected);
            Assert.Equal(1.0, Math.Sqrt(VectorMath.Dot(vectors[i].Vector.Span, vectors[i].Vector.Span)), 1e-5);
            Assert.True(VectorMath.Cosine(expected, vectors[i].Vector.Span) > 0.99999, $"text {i} out of order");
        }
    }

    [Fact]
    public async Task Without_the_key_variable_no_authorization_header_is_sent()
    {
        var options = Options();
        options.ApiKeyEnvironmentVariable = "STRATA_TEST_UNSET_VARIABLE_" + Guid.NewGuid().ToString("N");
        using var generator = new RemoteEmbeddingGenerator(options);
        await generator.GenerateAsync(["x"]);
        Assert.Null(_server.Requests.Single().Authorization);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_servers_retry_after()
    {
        _server.Respond = (_, n) => n == 0
            ? (429, new() { ["retry-after-ms"] = "20" }, """{"error":{"message":"slow down","type":"rate_limit"}}""")
            : (200, null, null);
        using var generator = new RemoteEmbeddingGenerator(Options());

        var vectors = await generator.GenerateAsync(["retry me"]);

        Assert.Single(vectors);
        Assert.Equal(2, _server.Requests.Count);
        Assert.All(_server.Requests, r => Assert.Equal(["retry me"], r.Inputs));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_until_they_pass()
    {
        _server.Respond = (_, n) => n < 2 ? (503, null, "upstream busy") : (200, null, null);
        using var generator = new RemoteEmbeddingGenerator(Options(maxRetries: 3));
        var vectors = await generator.GenerateAsync(["a", "b"]);
        Assert.Equal(2, vectors.Count);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task Retries_give_up_with_a_clear_error()
    {
        _server.Respond = (_, _) => (500, null, """{"error":{"message":"model crashed"}}""");
        using var generator = new RemoteEmbeddingGenerator(Options(maxRetries: 2));
        var error = await Assert.ThrowsAsync<RemoteEmbeddingException>(() => generator.GenerateAsync(["a"]));
        Assert.Contains("HTTP 500", error.Message);
        Assert.Contains("model crashed", error.Message);
        Assert.Contains("after 2 retries", error.Message);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task A_client_error_is_not_retried_and_carries_the_servers_message()
    {
        _server.Respond = (_, _) => (400, null, """{"error":{"message":"model 'test-embedder' not found"}}""");
        using var generator = new RemoteEmbeddingGenerator(Options());
        var error = await Assert.ThrowsAsync<RemoteEmbeddingException>(() => generator.GenerateAsync(["a"]));
        Assert.Contains("model 'test-embedder' not found", error.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task Vectors_of_the_wrong_size_are_an_error()
    {
        _server.Dimensions = 768;
        using var generator = new RemoteEmbeddingGenerator(Options());
        var error = await Assert.ThrowsAsync<RemoteEmbeddingException>(() => generator.GenerateAsync(["a"]));
        Assert.Contains("768 dimensions", error.Message);
        Assert.Contains("expected 384", error.Message);
    }

    [Fact]
    public async Task Without_an_expected_size_the_first_answer_fixes_it()
    {
        var options = Options(batchSize: 1);
        options.Dimensions = null;
        _server.Respond = (_, n) => n == 0 ? (200, null, null) : (200, null, """{"data":[{"index":0,"embedding":[1.0,2.0]}]}""");
        using var generator = new RemoteEmbeddingGenerator(options);
        var error = await Assert.ThrowsAsync<RemoteEmbeddingException>(() => generator.GenerateAsync(["a", "b"]));
        Assert.Contains("2 dimensions; expected 384", error.Message);
    }

    [Fact]
    public async Task Without_an_expected_size_no_dimensions_are_requested()
    {
        var options = Options();
        options.Dimensions = null;
        _server.Dimensions = 1536;
        using var generator = new RemoteEmbeddingGenerator(options);
        var vectors = await generator.GenerateAsync(["a"]);
        Assert.Equal(1536, vectors[0].Vector.Length);
        Assert.False(_server.Requests.Single().Json.RootElement.TryGetProperty("dimensions", out _));
    }

    [Fact]
    public async Task With_no_retries_a_server_error_fails_at_the_first_attempt()
    {
        _server.Respond = (_, _) => (503, null, "upstream busy");
        using var generator = new RemoteEmbeddingGenerator(Options(maxRetries: 0));
        var error = await Assert.ThrowsAsync<RemoteEmbeddingException>(() => generator.GenerateAsync(["a"]));
        Assert.Contains("HTTP 503", error.Message);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task An_attempt_that_outlives_its_timeout_is_abandoned_and_retried()
    {
        var options = Options();
        options.RequestTimeout = TimeSpan.FromMilliseconds(200);
        _server.Delay = n => n == 0 ? TimeSpan.FromSeconds(5) : null;
        using var generator = new RemoteEmbeddingGenerator(options);

        var vectors = await generator.GenerateAsync(["slow"]);

        Assert.Single(vectors);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_server_that_never_answers_in_time_is_a_clear_error()
    {
        var options = Options(maxRetries: 1);
        // Long enough for each attempt to reach the server on a loaded machine, far below the server's delay.
        options.RequestTimeout = TimeSpan.FromMilliseconds(500);
        _server.Delay = _ => TimeSpan.FromSeconds(5);
        using var generator = new RemoteEmbeddingGenerator(options);
        var error = await Assert.ThrowsAsync<RemoteEmbeddingException>(() => generator.GenerateAsync(["slow"]));
        Assert.Contains("no answer in time", error.Message);
        Assert.Contains("still failing after 1 retries", error.Message);
        // The client can give up on the retry before the server's own task has recorded it.
        for (int wait = 0; wait < 100 && _server.Requests.Count < 2; wait++) await Task.Delay(50);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Theory]
    [InlineData(0, "00:00:00.010", "00:00:00")]
    [InlineData(20, "01:00:00", "00:01:00")]
    [InlineData(4, "00:01:40", "00:00:00.500")]
    public async Task Every_valid_setting_gives_a_pipeline_the_resilience_handler_accepts(int maxRetries, string requestTimeout, string backoff)
    {
        var options = Options(maxRetries: maxRetries);
        options.RequestTimeout = TimeSpan.Parse(requestTimeout, System.Globalization.CultureInfo.InvariantCulture);
        options.InitialBackoff = TimeSpan.Parse(backoff, System.Globalization.CultureInfo.InvariantCulture);
        ServiceCollectionExtensions.Validate(new EmbeddingOptions { Remote = options });
        using var generator = new RemoteEmbeddingGenerator(options);
        // A 10 ms attempt may time out on a busy machine: that is a RemoteEmbeddingException. An invalid pipeline would
        // throw the handler's OptionsValidationException instead, and fail the test.
        try { await generator.GenerateAsync(["a"]); }
        catch (RemoteEmbeddingException) { }
    }

    [Fact]
    public async Task A_missing_or_extra_vector_is_an_error()
    {
        _server.Respond = (_, _) => (200, null, """{"data":[{"index":0,"embedding":[1.0,2.0]}]}""");
        var options = Options();
        options.Dimensions = 2;
        using var generator = new RemoteEmbeddingGenerator(options);
        var error = await Assert.ThrowsAsync<RemoteEmbeddingException>(() => generator.GenerateAsync(["a", "b"]));
        Assert.Contains("1 vectors for 2 texts", error.Message);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_a_clear_error()
    {
        var options = Options(maxRetries: 1);
        _server.Dispose();
        options.Endpoint = $"http://127.0.0.1:{_server.Port}/v1";
        using var generator = new RemoteEmbeddingGenerator(options);
        var error = await Assert.ThrowsAsync<RemoteEmbeddingException>(() => generator.GenerateAsync(["a"]));
        Assert.Contains("unreachable", error.Message);
        Assert.Contains($"127.0.0.1:{_server.Port}/v1/embeddings", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \t\n")]
    public async Task Empty_text_is_rejected_before_anything_is_sent(string text)
    {
        using var generator = new RemoteEmbeddingGenerator(Options());
        await Assert.ThrowsAsync<ArgumentException>(() => generator.GenerateAsync(["fine", text]));
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task The_factory_builds_a_cached_remote_generator()
    {
        using var temp = new TempDirectory();
        var options = new EmbeddingOptions { Model = "remote", Remote = Options(), VectorCachePath = temp.File("v.db") };
        using (var generator = EmbeddingGeneratorFactory.Create(options))
            await CatalogEmbedder.EmbedTextsAsync(generator, ["a", "b", "c"]);
        using (var generator = EmbeddingGeneratorFactory.Create(options))
            await CatalogEmbedder.EmbedTextsAsync(generator, ["a", "b", "c"]);
        Assert.Single(_server.Requests);
    }
}
