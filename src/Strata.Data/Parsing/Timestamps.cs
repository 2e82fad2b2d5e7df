using System.Globalization;

namespace Strata.Data.Parsing;

/// <summary>Times in the generic format: unix seconds or ISO-8601 (UTC when no offset is given).</summary>
internal static class Timestamps
{
    /// <summary>Parses unix seconds or ISO-8601; on failure <paramref name="problem"/> says why.</summary>
    public static bool TryParse(string text, out DateTimeOffset time, out string problem)
    {
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            return TryFromUnixSeconds(seconds, out time, out problem);
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
        {
            problem = "";
            return true;
        }
        problem = $"{Fields.Quote(text)} is neither ISO-8601 nor unix seconds";
        return false;
    }

    /// <summary>Unix seconds within <see cref="UnixTimes"/>' range.</summary>
    public static bool TryFromUnixSeconds(long seconds, out DateTimeOffset time, out string problem)
    {
        if (seconds is >= UnixTimes.MinSeconds and <= UnixTimes.MaxSeconds)
        {
            time = DateTimeOffset.FromUnixTimeSeconds(seconds);
            problem = "";
            return true;
        }
        time = default;
        problem = $"{seconds} is not a plausible unix time in seconds";
        return false;
    }
}
