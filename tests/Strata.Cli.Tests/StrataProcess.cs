using System.Diagnostics;

namespace Strata.Cli.Tests;

/// <summary>Runs the built <c>strata</c> (the referenced project's strata.dll beside the tests) as a real child process.</summary>
public static class StrataProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "strata.dll");

    /// <summary>Starts <c>dotnet strata.dll args…</c> with stdout and stderr redirected.</summary>
    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>Starts <c>dotnet strata.dll args…</c> with extra environment variables (e.g. <c>Strata__Model__Kind</c>).</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
    }

    /// <summary>Runs to completion and returns the exit code and both streams.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>Runs to completion with extra environment variables.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
