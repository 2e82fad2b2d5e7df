namespace Strata.Data.Parsing;

/// <summary>A dataset's rating scale: values must lie in [<see cref="Min"/>, <see cref="Max"/>] on multiples of <see cref="Step"/> from <see cref="Min"/>.</summary>
internal sealed record RatingScale(double Min, double Max, double Step)
{
    /// <summary>Whole stars 1–5 (ml-100k, ml-1m, Amazon).</summary>
    public static RatingScale WholeStars { get; } = new(1, 5, 1);

    /// <summary>Half stars 0.5–5 (ml-latest).</summary>
    public static RatingScale HalfStars { get; } = new(0.5, 5, 0.5);

    /// <summary>True when <paramref name="value"/> is on the scale.</summary>
    public bool Contains(double value)
    {
        if (value < Min || value > Max) return false;
        var steps = (value - Min) / Step;
        return Math.Abs(steps - Math.Round(steps)) < 1e-9;
    }

    public override string ToString() =>
        FormattableString.Invariant($"{Min}–{Max} in steps of {Step}");
}
