using System.Globalization;

namespace Strata.Benchmarks;

/// <summary>"--name value" arguments of the bench commands that run outside BenchmarkDotNet.</summary>
internal static class CommandArguments
{
    public static int Option(string[] args, string name, int fallback) =>
        int.Parse(Text(args, name, fallback.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);

    public static string Text(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
