namespace Strata.Data.Parsing;

/// <summary>The range of unix times (seconds) readers accept: 1970 to 2100. Anything else is a unit or field mix-up
/// (milliseconds, a rating in the time column…), reported as out of range.</summary>
internal static class UnixTimes
{
    public const long MinSeconds = 0;
    public const long MaxSeconds = 4_102_444_800; // 2100-01-01T00:00:00Z
}
