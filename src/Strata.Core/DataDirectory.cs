namespace Strata.Core;

/// <summary>
/// Finds the folder that holds the real datasets: an explicit path, else <c>STRATA_DATA</c>,
/// else the nearest <c>shared/data</c> beside the current folder or one of its parents (the repository sits next to <c>shared/</c>).
/// </summary>
public static class DataDirectory
{
    public const string EnvironmentVariable = "STRATA_DATA";

    public static string Resolve(string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath)) return Path.GetFullPath(explicitPath);
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return Path.GetFullPath(fromEnvironment);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return Path.GetFullPath(Path.Combine("..", "shared", "data"));
    }

    /// <summary>A dataset folder under the data root, e.g. <c>ml-100k</c>.</summary>
    public static string Dataset(string name, string? root = null) => Path.Combine(Resolve(root), name);
}
