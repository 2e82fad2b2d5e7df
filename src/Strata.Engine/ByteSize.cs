using System.Globalization;

namespace Strata.Engine;

/// <summary>Sizes as people write them in settings: <c>512MB</c>, <c>12GB</c>, <c>1.5 TB</c>, or plain bytes (units are binary: 1 KB = 1,024 bytes).</summary>
public static class ByteSize
{
    private static readonly (string Suffix, long Factor)[] Units =
        [("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("T", 1L << 40), ("G", 1L << 30), ("M", 1L << 20), ("K", 1L << 10), ("B", 1)];

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        long factor = 1;
        foreach (var (suffix, unit) in Units)
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = unit;
                trimmed = trimmed[..^suffix.Length].TrimEnd();
                break;
            }
        if (!double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0
            || value * factor >= long.MaxValue) return false;
        bytes = (long)(value * factor);
        return true;
    }

    /// <summary>A size for messages: <c>3.6 GB</c>.</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):F0} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F0} KB"),
    };
}
