using ScottPlot;

namespace Strata.Evaluation.Reports;

/// <summary>PNG charts of a report (ScottPlot): one bar chart per metric, and the accuracy–diversity curve when measured.</summary>
public static class PlotWriter
{
    /// <summary>Writes the charts into <paramref name="folder"/> (created if needed); returns the files written.</summary>
    public static IReadOnlyList<string> Write(EvaluationReport report, string folder)
    {
        Directory.CreateDirectory(folder);
        var files = new List<string>();
        var labels = report.Models.Select(report.Label).ToArray();
        foreach (var key in report.MetricKeys)
        {
            var values = report.Models.Select(m => m.Metrics[key]).ToArray();
            if (!values.Any(double.IsFinite)) continue;
            var plot = new Plot();
            var bars = plot.Add.Bars(values.Select(v => double.IsFinite(v) ? v : 0).ToArray());
            bars.Color = Colors.SteelBlue;
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Length).Select(i => (double)i).ToArray(), labels);
            plot.Axes.Bottom.TickLabelStyle.Rotation = labels.Length > 6 ? 30 : 0;
            plot.Axes.Margins(bottom: 0);
            plot.Title($"{report.Dataset} · {report.Protocol}: {key}");
            plot.YLabel(key);
            var file = Path.Combine(folder, $"{report.Dataset}-{report.Protocol}-{FileName(key)}.png");
            plot.SavePng(file, 900, 500);
            files.Add(file);
        }
        if (report.AccuracyDiversity is { Count: > 1 } curve && curve.All(p => double.IsFinite(p.Metrics["diversity"])))
        {
            var accuracyKey = $"ndcg@{report.K}";
            var plot = new Plot();
            var xs = curve.Select(p => p.Metrics["diversity"]).ToArray();
            var ys = curve.Select(p => p.Metrics[accuracyKey]).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LineWidth = 2;
            line.MarkerSize = 8;
            for (int i = 0; i < curve.Count; i++)
            {
                var label = plot.Add.Text($"knob {curve[i].Knob:0.##}", xs[i], ys[i]);
                label.LabelFontSize = 12;
                // Alternate above/below so neighbouring points' labels do not overlap.
                label.LabelOffsetY = i % 2 == 0 ? -18 : 6;
            }
            plot.Axes.Margins(0.15, 0.15);
            plot.Title($"{report.Dataset} · {report.Protocol}: accuracy–diversity");
            plot.XLabel("intra-list diversity");
            plot.YLabel(accuracyKey);
            var file = Path.Combine(folder, $"{report.Dataset}-{report.Protocol}-accuracy-diversity.png");
            plot.SavePng(file, 900, 600);
            files.Add(file);
        }
        return files;
    }

    private static string FileName(string key) => key.Replace('@', '-').Replace('/', '-');
}
