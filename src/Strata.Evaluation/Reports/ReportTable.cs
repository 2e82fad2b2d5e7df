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
}
