using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Strata.Embeddings.Tests.Remote;

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking OpenAI's <c>POST /v1/embeddings</c> wire format. Each request is recorded;
/// <see cref="Respond"/> decides the answer (by default: 200 with deterministic vectors, returned in reverse order to prove
/// that clients sort by <c>index</c>).
/// </summary>
public sealed class EmbeddingsServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public EmbeddingsServer()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}/v1";

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Vector length of the default answer.</summary>
    public int Dimensions { get; set; } = 384;

    /// <summary>(request, zero-based request number) → (status, extra headers, JSON body or null for the default embeddings answer).</summary>
    public Func<RecordedRequest, int, (int Status, Dictionary<string, string>? Headers, string? Body)> Respond { get; set; } = (_, _) => (200, null, null);

    /// <summary>The unnormalised vector the server returns for <paramref name="text"/>: deterministic, never zero.</summary>
    public static float[] VectorOf(string text, int dimensions)
    {
        var vector = new float[dimensions];
        var hash = (uint)StringComparer.Ordinal.GetHashCode(text) | 1u;
        for (int i = 0; i < dimensions; i++)
        {
            hash = hash * 1664525u + 1013904223u;
            vector[i] = (hash >> 8) / (float)(1 << 24) - 0.5f + (i == 0 ? 3f : 0f);
        }
        return vector;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            // Each request on its own task, so a slow answer (a timeout test) does not hold back the retry behind it.
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var request = new RecordedRequest(
                context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType,
                context.Request.Headers["Authorization"], body);
            int number = Interlocked.Increment(ref _received) - 1;
            Requests.Enqueue(request);

            var (status, headers, answer) = Respond(request, number);
            if (Delay?.Invoke(number) is { } delay) await Task.Delay(delay);
            answer ??= EmbeddingsAnswer(request);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            foreach (var (name, value) in headers ?? []) context.Response.Headers[name] = value;
            var bytes = Encoding.UTF8.GetBytes(answer);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException)
        {
            // The client gave up (a timeout test) or the server is stopping.
        }
    }

    private int _received;

    /// <summary>Zero-based request number → how long to wait before answering it (null: answer at once).</summary>
    public Func<int, TimeSpan?>? Delay { get; set; }

    private string EmbeddingsAnswer(RecordedRequest request)
    {
        var inputs = request.Inputs;
        var data = inputs.Select((text, index) => new { @object = "embedding", index, embedding = VectorOf(text, Dimensions) }).Reverse();
        return JsonSerializer.Serialize(new
        {
            @object = "list",
            data,
            model = request.Json.RootElement.GetProperty("model").GetString(),
            usage = new { prompt_tokens = inputs.Length, total_tokens = inputs.Length },
        });
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_listener.IsListening) return;
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}

/// <summary>What the server saw.</summary>
public sealed record RecordedRequest(string Method, string Path, string? ContentType, string? Authorization, string Body)
{
    public JsonDocument Json => JsonDocument.Parse(Body);

    public string[] Inputs => Json.RootElement.GetProperty("input").EnumerateArray().Select(e => e.GetString()!).ToArray();
}
