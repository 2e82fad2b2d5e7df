using System.Globalization;

namespace Strata.Evaluation.Reports;

/// <summary>The comparison table as rows of formatted cells, shared by the Markdown writer and the console.</summary>
public static class ReportTable
{
    public static IReadOnlyList<string> Header(EvaluationReport report) =>
        ["model", .. report.MetricKeys, "fit s", "p50 ms", "p99 ms", "users"];

    public static IReadOnlyList<IReadOnlyList<string>> Rows(EvaluationReport report) =>
        report.Models.Select(row => (IReadOnlyList<string>)
            [report.Label(row), .. report.MetricKeys.Select(k => Format(row.Metrics[k], 4)), Format(row.FitSeconds, 2),
             Format(row.RecommendMsP50, 3), Format(row.RecommendMsP99, 3), row.Users.ToString(CultureInfo.InvariantCulture)]).ToList();

    /// <summary>Fixed decimals, invariant culture; "n/a" for values that could not be measured.</summary>
    public static string Format(double value, int decimals) =>
        double.IsFinite(value) ? value.ToString("F" + decimals, CultureInfo.InvariantCulture) : "n/a";

    /// <summary>A <c>--compare</c> run's paired differences as rows (test set, metric, A, B, B − A, interval), or none.</summary>
    public static IReadOnlyList<string> ComparisonHeader(EvaluationReport report) =>
        report.Models.Count < 2 ? [] : ["test set", "metric", report.Models[0].Name, report.Models[^1].Name, "B − A", "95% CI", "users"];

    public static IReadOnlyList<IReadOnlyList<string>> ComparisonRows(EvaluationReport report) =>
        (report.Comparisons ?? []).Select(c => (IReadOnlyList<string>)
            [c.TestSet, c.Metric, Format(c.MeanA, 4), Format(c.MeanB, 4), Format(c.Difference.Difference, 4),
             $"[{Format(c.Difference.Low, 4)}, {Format(c.Difference.High, 4)}]{(c.Difference.ExcludesZero ? " *" : "")}",
             c.Difference.Users.ToString(CultureInfo.InvariantCulture)]).ToList();
}
