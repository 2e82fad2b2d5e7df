namespace Strata.Testing;

/// <summary>
/// Temp folders for tests, all under one folder per test process so a run leaves nothing behind: an instance is
/// deleted on dispose, and whatever is left (folders from <see cref="UntilExit"/>, or a test that failed before its
/// dispose) goes when the process exits.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    private static readonly string ProcessRoot = System.IO.Path.Combine(
        System.IO.Path.GetTempPath(), "strata-tests", $"{Environment.ProcessId}-{Guid.NewGuid():N}");

    static TempDirectory() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(ProcessRoot);

    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(ProcessRoot, Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// A fresh folder that lives until the test process exits: for stores that outlive the method that made them
    /// (shared fixtures, servers in child processes).
    /// </summary>
    public static string UntilExit() => new TempDirectory().Path;

    public void Dispose() => Delete(Path);

    private static void Delete(string path)
    {
        // Best effort: a handle a test leaked must not fail a test that already passed.
        try { Directory.Delete(path, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
