using System.Globalization;

namespace Strata.Benchmarks;

/// <summary>What bench commands print beside their numbers: the machine's load and this process's memory (Linux /proc).</summary>
internal static class MachineLoad
{
    /// <summary>The 1-minute load average.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    /// <summary>Peak resident memory of this process so far (VmHWM), in bytes.</summary>
    public static long PeakResidentBytes() => StatusKilobytes("VmHWM:") * 1024;

    /// <summary>Resident memory now (VmRSS), in bytes.</summary>
    public static long ResidentBytes() => StatusKilobytes("VmRSS:") * 1024;

    /// <summary>Resets the peak (VmHWM) to the current resident size, so each stage's peak can be read on its own.</summary>
    public static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static long StatusKilobytes(string field)
    {
        if (!File.Exists("/proc/self/status")) return 0;
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return 0;
    }
}
