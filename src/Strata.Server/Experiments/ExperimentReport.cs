using Strata.Engine;
using Strata.Storage;

namespace Strata.Server.Experiments;

/// <summary>
/// <c>GET /experiments/{id}</c>: per variant the users shown a list, impressions, CTR (clicked impressions / impressions)
/// and conversion rate (users with a purchase of an item shown to them / users), each with a 95 % Wilson interval;
/// and every other variant against the control on both rates by <see cref="Proportions.TestName"/>.
/// </summary>
internal sealed record ExperimentReport(string Id, string Status, string Control, string? Winner, DateTimeOffset Created, DateTimeOffset? Stopped,
    IReadOnlyList<VariantReport> Variants, IReadOnlyList<VariantComparison> Comparisons, string Test, double Confidence)
{
    public const string Ctr = "ctr";
    public const string ConversionRate = "conversionRate";
    private const double Alpha = 0.05;

    public static ExperimentReport Build(Experiment experiment, IReadOnlyList<VariantTally> tallies)
    {
        var variants = experiment.Variants.Select(v =>
        {
            var t = tallies.FirstOrDefault(t => t.Variant == v.Name) ?? new VariantTally(v.Name, 0, 0, 0, 0);
            return new VariantReport(v.Name, v.Model, v.Share, t.Users, t.Impressions, t.ClickedImpressions, Rate.Of(t.ClickedImpressions, t.Impressions),
                t.ConvertedUsers, Rate.Of(t.ConvertedUsers, t.Users));
        }).ToArray();
        var control = variants.First(v => v.Name == experiment.Control);
        var comparisons = new List<VariantComparison>();
        foreach (var v in variants.Where(v => v.Name != control.Name))
        {
            comparisons.Add(VariantComparison.Of(v.Name, control.Name, Ctr, control.Clicks, control.Impressions, v.Clicks, v.Impressions));
            comparisons.Add(VariantComparison.Of(v.Name, control.Name, ConversionRate, control.Conversions, control.Users, v.Conversions, v.Users));
        }
        return new ExperimentReport(experiment.Id, experiment.Running ? "running" : "stopped", experiment.Control, experiment.Winner, experiment.Created,
            experiment.Stopped, variants, comparisons, Proportions.TestName, 1 - Alpha);
    }

    /// <summary>The variant whose CTR beats the control's significantly by the most, else the control.</summary>
    public string Leader() => Comparisons.Where(c => c.Metric == Ctr && c.Significant && c.Difference > 0)
        .MaxBy(c => c.Difference)?.Variant ?? Control;

    internal static bool IsSignificant(double p) => p < Alpha;
}

internal sealed record VariantReport(string Name, ModelOptions Model, double Share, long Users, long Impressions, long Clicks, Rate Ctr,
    long Conversions, Rate ConversionRate);

/// <summary>A rate with its 95 % Wilson interval.</summary>
internal sealed record Rate(double Value, double Low, double High)
{
    public static Rate Of(long successes, long trials)
    {
        var (rate, low, high) = Proportions.Wilson(successes, trials);
        return new Rate(rate, low, high);
    }
}

/// <summary><see cref="Variant"/>'s rate minus <see cref="Against"/>'s, its 95 % interval, z and two-sided p; significant when p &lt; 0.05.</summary>
internal sealed record VariantComparison(string Variant, string Against, string Metric, double Difference, double Low, double High, double Z, double PValue,
    bool Significant)
{
    public static VariantComparison Of(string variant, string against, string metric, long successesA, long trialsA, long successesB, long trialsB)
    {
        var (difference, low, high, z, p) = Proportions.Compare(successesA, trialsA, successesB, trialsB);
        return new VariantComparison(variant, against, metric, difference, low, high, z, p, ExperimentReport.IsSignificant(p));
    }
}
