using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Strata.Interests.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 speaking OpenAI's <c>POST /v1/chat/completions</c>. Records each request's model and
/// user prompt; <see cref="Answer"/> decides the reply (status and the assistant's text).
/// </summary>
public sealed class ChatCompletionsServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private int _received;

    public ChatCompletionsServer()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}/v1";

    /// <summary>(path, model, prompt) of every request, in arrival order.</summary>
    public ConcurrentQueue<(string Path, string Model, string Prompt)> Requests { get; } = new();

    /// <summary>(prompt, zero-based request number) → (HTTP status, the assistant's text).</summary>
    public Func<string, int, (int Status, string Text)> Answer { get; set; } = (_, n) => (200, $"Name {n}");

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _ = Task.Run(() => RespondAsync(context));
        }
    }

    private async Task RespondAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            using var request = JsonDocument.Parse(await reader.ReadToEndAsync());
            var model = request.RootElement.GetProperty("model").GetString()!;
            var prompt = string.Concat(request.RootElement.GetProperty("messages").EnumerateArray()
                .Where(m => m.GetProperty("role").GetString() == "user")
                .Select(m => m.GetProperty("content") is { ValueKind: JsonValueKind.String } text
                    ? text.GetString()
                    : string.Concat(m.GetProperty("content").EnumerateArray().Select(p => p.GetProperty("text").GetString()))));
            var number = Interlocked.Increment(ref _received) - 1;
            Requests.Enqueue((context.Request.Url!.AbsolutePath, model, prompt));
            var (status, answer) = Answer(prompt, number);
            var body = status == 200
                ? JsonSerializer.Serialize(new
                {
                    id = $"chatcmpl-{number}",
                    @object = "chat.completion",
                    created = 1_700_000_000,
                    model,
                    choices = new[] { new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = "stop" } },
                    usage = new { prompt_tokens = 10, completion_tokens = 3, total_tokens = 13 },
                })
                : JsonSerializer.Serialize(new { error = new { message = answer, type = "server_error" } });
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException or IOException) { }
    }

    public void Dispose()
    {
        if (!_listener.IsListening) return;
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
