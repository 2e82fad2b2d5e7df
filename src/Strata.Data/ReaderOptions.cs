namespace Strata.Data;

/// <summary>How a reader treats bad input.</summary>
/// <param name="SkipInvalid">False (default): the first bad line throws <see cref="DataFormatException"/>.
/// True: bad lines are skipped, counted and the first reasons kept in <see cref="ReadReport"/>.</param>
public sealed record ReaderOptions(bool SkipInvalid = false)
{
    /// <summary>The default: stop at the first bad line.</summary>
    public static ReaderOptions Strict { get; } = new();
}
