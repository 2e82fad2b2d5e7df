using System.Diagnostics;

namespace Strata.Cli.Tests;

/// <summary>Runs the built <c>strata</c> (the referenced project's strata.dll beside the tests) as a real child process.</summary>
public static class StrataProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "strata.dll");

    /// <summary>Starts <c>dotnet strata.dll args…</c> with stdout and stderr redirected.</summary>
    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>Starts <c>dotnet strata.dll args…</c> with extra environment variables (e.g. <c>Strata__Model__Kind</c>).</summary>
    public static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] args) => Start(environment, [], args);

    /// <summary>
    /// Starts <c>strata</c> with every signal at its default disposition, as a terminal's foreground job has it. A job started in
    /// the background of a non-interactive shell inherits SIGINT ignored (POSIX), .NET keeps an inherited SIG_IGN, and a test run
    /// launched that way could then not deliver Ctrl+C at all; GNU <c>env --default-signal</c> resets the dispositions before exec.
    /// </summary>
    public static Process StartAsForegroundJob(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Start(environment, ["env", "--default-signal"], args);

    private static Process Start(IReadOnlyDictionary<string, string>? environment, string[] launcher, string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(launcher.Length > 0 ? launcher[0] : dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        foreach (var arg in launcher.Skip(1)) start.ArgumentList.Add(arg);
        if (launcher.Length > 0) start.ArgumentList.Add(dotnet);
        start.ArgumentList.Add(Dll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
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
