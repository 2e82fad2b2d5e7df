using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Polly.Timeout;
using Strata.Core.Vectors;

namespace Strata.Embeddings.Remote;

/// <summary>
/// <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> for any OpenAI-compatible <c>POST {endpoint}/embeddings</c>:
/// request <c>{"model", "input": [texts], "encoding_format": "float", "dimensions"?}</c>, response
/// <c>{"data": [{"index", "embedding"}]}</c>. Sends <see cref="RemoteEmbeddingOptions.BatchSize"/> texts per request
/// through the <see cref="IHttpClientFactory"/> client <see cref="RemoteEmbeddingHttp.ClientName"/>, whose standard
/// resilience handler retries 429/5xx/timeouts/dropped connections (honouring <c>Retry-After</c>) and breaks the circuit
/// on a failing endpoint; checks every vector's length and L2-normalises it.
/// </summary>
/// <remarks>
/// Hand-written over <see cref="HttpClient"/> rather than Microsoft.Extensions.AI.OpenAI: the OpenAI SDK asks for base64
/// vectors, which not every compatible server speaks, and runs its own retry schedule inside System.ClientModel.
/// <c>dimensions</c> is sent when <see cref="RemoteEmbeddingOptions.Dimensions"/> is set, so models that can shorten
/// their vectors (text-embedding-3-*, many Ollama and vLLM models) answer in the configured size.
/// Empty or whitespace-only input is rejected with <see cref="ArgumentException"/> (OpenAI answers 400 to it).
/// </remarks>
public sealed class RemoteEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly RemoteEmbeddingOptions _options;
    private readonly HttpClient _http;
    private readonly IDisposable? _ownedServices;
    private readonly Uri _embeddingsUri;
    private readonly string? _apiKey;
    private readonly EmbeddingGeneratorMetadata _metadata;
    private int _dimensions;

    /// <summary>
    /// Sends through <paramref name="httpClientFactory"/>'s client <see cref="RemoteEmbeddingHttp.ClientName"/> (a host
    /// registers it with <see cref="RemoteEmbeddingHttp.AddRemoteEmbeddingHttpClient"/>); without a factory, through a
    /// private one configured from <paramref name="options"/> and disposed with this generator.
    /// </summary>
    public RemoteEmbeddingGenerator(RemoteEmbeddingOptions options, IHttpClientFactory? httpClientFactory = null)
    {
        _options = options;
        if (!Uri.TryCreate(options.Endpoint.TrimEnd('/') + "/embeddings", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"Remote embedding endpoint '{options.Endpoint}' is not an http(s) URL.", nameof(options));
        _embeddingsUri = uri;
        if (httpClientFactory is null)
        {
            var services = new ServiceCollection();
            services.AddRemoteEmbeddingHttpClient(options);
            var provider = services.BuildServiceProvider();
            _ownedServices = provider;
            httpClientFactory = provider.GetRequiredService<IHttpClientFactory>();
        }
        _http = httpClientFactory.CreateClient(RemoteEmbeddingHttp.ClientName);
        _apiKey = string.IsNullOrEmpty(options.ApiKeyEnvironmentVariable) ? null : Environment.GetEnvironmentVariable(options.ApiKeyEnvironmentVariable);
        _dimensions = options.Dimensions ?? 0;
        _metadata = new EmbeddingGeneratorMetadata("openai-compatible", new Uri(options.Endpoint), options.Model, options.Dimensions);
    }

    /// <summary>The URL requests are posted to.</summary>
    public Uri EmbeddingsUri => _embeddingsUri;

    /// <inheritdoc />
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values as IReadOnlyList<string> ?? values.ToArray();
        for (int i = 0; i < texts.Count; i++)
            if (string.IsNullOrWhiteSpace(texts[i]))
                throw new ArgumentException($"Text {i} is empty or whitespace; OpenAI-compatible endpoints reject empty input.", nameof(values));

        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Count) { Usage = new UsageDetails { InputTokenCount = 0, TotalTokenCount = 0 } };
        for (int start = 0; start < texts.Count; start += _options.BatchSize)
        {
            int count = Math.Min(_options.BatchSize, texts.Count - start);
            using var response = await SendAsync(texts, start, count, cancellationToken).ConfigureAwait(false);
            await ReadBatchAsync(response, count, result, cancellationToken).ConfigureAwait(false);
        }
        return result;
    }

    private async Task<HttpResponseMessage> SendAsync(IReadOnlyList<string> texts, int start, int count, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _embeddingsUri) { Content = new ByteArrayContent(RequestBody(texts, start, count)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!string.IsNullOrEmpty(_apiKey)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new RemoteEmbeddingException($"Embedding endpoint {_embeddingsUri} is unreachable ({e.Message}){Tried}.", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new RemoteEmbeddingException($"Embedding endpoint {_embeddingsUri} gave no answer in time ({e.Timeout.TotalSeconds:0.#} s){Tried}.", e);
        }
        catch (BrokenCircuitException e)
        {
            throw new RemoteEmbeddingException(
                $"Embedding endpoint {_embeddingsUri} failed repeatedly, so requests to it are paused for a few seconds ({e.Message}).", e);
        }
        if (response.IsSuccessStatusCode) return response;

        using (response)
        {
            var error = await ErrorMessageAsync(response, cancellationToken).ConfigureAwait(false);
            var failure = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {error}";
            throw new RemoteEmbeddingException(IsTransient(response.StatusCode)
                ? $"Embedding endpoint {_embeddingsUri}: {failure}{Tried}."
                : $"Embedding endpoint {_embeddingsUri} refused the request ({failure}).");
        }
    }

    private string Tried => _options.MaxRetries > 0 ? $", still failing after {_options.MaxRetries} retries" : "";

    /// <summary>The statuses the standard resilience handler retries; anything else of 4xx is the request's fault.</summary>
    private static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)status >= 500;

    private byte[] RequestBody(IReadOnlyList<string> texts, int start, int count)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model", _options.Model);
            json.WriteStartArray("input");
            for (int i = start; i < start + count; i++) json.WriteStringValue(texts[i]);
            json.WriteEndArray();
            json.WriteString("encoding_format", "float");
            if (_options.Dimensions is { } dimensions) json.WriteNumber("dimensions", dimensions);
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private async Task ReadBatchAsync(HttpResponseMessage response, int count, GeneratedEmbeddings<Embedding<float>> result, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            throw new RemoteEmbeddingException($"Embedding endpoint {_embeddingsUri} answered with invalid JSON: {e.Message}", e);
        }
        using (document)
        {
            if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                throw new RemoteEmbeddingException($"Embedding endpoint {_embeddingsUri} answered without a 'data' array.");
            if (data.GetArrayLength() != count)
                throw new RemoteEmbeddingException($"Embedding endpoint {_embeddingsUri} returned {data.GetArrayLength()} vectors for {count} texts.");

            var batch = new Embedding<float>?[count];
            int position = 0;
            foreach (var entry in data.EnumerateArray())
            {
                int index = entry.TryGetProperty("index", out var i) ? i.GetInt32() : position;
                if (index < 0 || index >= count || batch[index] is not null)
                    throw new RemoteEmbeddingException($"Embedding endpoint {_embeddingsUri} returned a bad or repeated index {index}.");
                batch[index] = new Embedding<float>(ReadVector(entry, index)) { ModelId = _options.Model };
                position++;
            }
            foreach (var embedding in batch) result.Add(embedding!);

            if (document.RootElement.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                if (usage.TryGetProperty("prompt_tokens", out var prompt) && prompt.TryGetInt64(out var p)) result.Usage!.InputTokenCount += p;
                if (usage.TryGetProperty("total_tokens", out var total) && total.TryGetInt64(out var t)) result.Usage!.TotalTokenCount += t;
            }
        }
    }

    private float[] ReadVector(JsonElement entry, int index)
    {
        if (!entry.TryGetProperty("embedding", out var values) || values.ValueKind != JsonValueKind.Array)
            throw new RemoteEmbeddingException($"Embedding endpoint {_embeddingsUri}: entry {index} has no 'embedding' array of numbers.");
        int length = values.GetArrayLength();
        int expected = _dimensions;
        if (expected == 0) Interlocked.CompareExchange(ref _dimensions, length, 0);
        if (length != _dimensions)
            throw new RemoteEmbeddingException(
                $"Embedding endpoint {_embeddingsUri} (model '{_options.Model}') returned a vector of {length} dimensions; expected {_dimensions}. " +
                "Set Strata:Embeddings:Remote:Dimensions to the model's size (vectors of different sizes cannot share an index).");
        var vector = new float[length];
        int k = 0;
        foreach (var value in values.EnumerateArray()) vector[k++] = value.GetSingle();
        var norm = VectorMath.Normalize(vector);
        if (!(norm > 0f) || !float.IsFinite(norm))
            throw new RemoteEmbeddingException($"Embedding endpoint {_embeddingsUri} returned a zero or non-finite vector for text {index}.");
        return vector;
    }

    private static async Task<string> ErrorMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("error", out var error))
                return error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) ? message.ToString() : error.ToString();
        }
        catch (JsonException)
        {
            // Not JSON: fall through to the raw body.
        }
        return body.Length > 300 ? body[..300] + "…" : body;
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null) =>
        GeneratorServices.Resolve(this, _metadata, serviceType, serviceKey);

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _ownedServices?.Dispose();
    }
}
