using System.Text;

namespace Strata.Evaluation.Reports;

/// <summary>Writes the comparison table as Markdown, with the run's description, settings and notes.</summary>
public static class MarkdownReportWriter
{
    public static string Write(EvaluationReport report)
    {
        var text = new StringBuilder();
        text.AppendLine($"## {report.Dataset} · {report.Protocol} · k = {report.K}").AppendLine();
        text.AppendLine(report.Description).AppendLine();
        var header = ReportTable.Header(report);
        text.AppendLine("| " + string.Join(" | ", header) + " |");
        text.AppendLine("|" + string.Concat(header.Select((_, i) => i == 0 ? " --- |" : " ---: |")));
        foreach (var row in ReportTable.Rows(report)) text.AppendLine("| " + string.Join(" | ", row) + " |");
        if (report.AccuracyDiversity is { Count: > 0 } curve)
        {
            text.AppendLine().AppendLine("Accuracy–diversity curve:").AppendLine();
            var keys = curve[0].Metrics.Keys.ToList();
            text.AppendLine("| knob | " + string.Join(" | ", keys) + " |");
            text.AppendLine("| ---: |" + string.Concat(keys.Select(_ => " ---: |")));
            foreach (var point in curve)
                text.AppendLine($"| {ReportTable.Format(point.Knob, 2)} | " + string.Join(" | ", keys.Select(k => ReportTable.Format(point.Metrics[k], 4))) + " |");
        }
        if (report.Comparisons is { Count: > 0 })
        {
            text.AppendLine().AppendLine("Paired comparison (* : the interval excludes zero):").AppendLine();
            var comparison = ReportTable.ComparisonHeader(report);
            text.AppendLine("| " + string.Join(" | ", comparison) + " |");
            text.AppendLine("|" + string.Concat(comparison.Select((_, i) => i < 2 ? " --- |" : " ---: |")));
            foreach (var row in ReportTable.ComparisonRows(report)) text.AppendLine("| " + string.Join(" | ", row) + " |");
        }
        if (report.Notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in report.Notes) text.AppendLine($"- {note}");
        }
        text.AppendLine().AppendLine("Settings: " + string.Join(", ", report.Options.Select(o => $"`{o.Key}={o.Value}`")));
        return text.ToString();
    }
}
