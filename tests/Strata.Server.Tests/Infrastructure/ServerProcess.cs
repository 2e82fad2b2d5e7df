using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Strata.Server.Tests.Infrastructure;

/// <summary>
/// The real <c>strata serve</c> command as a child process on 127.0.0.1 (a free port chosen by Kestrel), with its
/// stdout/stderr captured. Used where a separate process matters: SIGKILL crash safety and what reaches the logs.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ServerProcess(Process process) => _process = process;

    public Uri BaseAddress { get; private set; } = null!;

    public int Id => _process.Id;

    /// <summary>Everything the server printed so far.</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<ServerProcess> StartAsync(string database, IReadOnlyDictionary<string, string>? environment = null, params string[] extraArgs)
    {
        var strata = Path.Combine(AppContext.BaseDirectory, "strata.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(database)!,
        };
        foreach (var arg in new[] { "exec", strata, "serve", "--db", database, "--urls", "http://127.0.0.1:0" }.Concat(extraArgs))
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start strata serve");
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = process.WaitForExitAsync().ContinueWith(_ =>
            server._listening.TrySetException(new InvalidOperationException($"strata serve exited ({process.ExitCode}):\n{server.Output}")));
        server.BaseAddress = await server._listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return server;
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        var match = ListeningPattern().Match(line);
        if (match.Success) _listening.TrySetResult(new Uri(match.Groups[1].Value));
    }

    /// <summary>Waits until <c>/health/ready</c> says the model is serving.</summary>
    public async Task WaitReadyAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 1200; attempt++)
        {
            if (_process.HasExited) throw new InvalidOperationException($"strata serve exited:\n{Output}");
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"strata serve never became ready:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing — what a crash or an OOM kill does.</summary>
    public async Task KillHardAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>Asks the server to stop (SIGTERM) and waits for it to exit.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            SysKill(_process.Id, 15);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillHardAsync();
        _process.Dispose();
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int SysKill(int pid, int signal);

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningPattern();
}
