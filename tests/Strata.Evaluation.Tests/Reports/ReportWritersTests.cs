using System.Text.Json;
using Strata.Evaluation.Harness;
using Strata.Evaluation.Reports;

namespace Strata.Evaluation.Tests.Reports;

/// <summary>A real run (MostPopular on ML-100K leave-last-out, no vectors) written out in every format.</summary>
public sealed class ReportWritersTests
{
    private static readonly Lazy<EvaluationReport> Report = new(() => EvaluationRunner.RunAsync(new EvaluationRunOptions
    {
        Dataset = "ml-100k",
        Protocol = "leave-last-out",
        Models = ["pop"],
        EmbeddingModel = "none",
    }).GetAwaiter().GetResult());

    [Fact]
    public void Json_has_the_promised_shape_and_writes_unmeasurable_values_as_null()
    {
        using var json = JsonDocument.Parse(JsonReportWriter.Write(Report.Value));
        var root = json.RootElement;
        Assert.Equal("ml-100k", root.GetProperty("dataset").GetString());
        Assert.Equal("leave-last-out", root.GetProperty("protocol").GetString());
        Assert.Equal(10, root.GetProperty("k").GetInt32());
        var model = Assert.Single(root.GetProperty("models").EnumerateArray());
        Assert.Equal("pop", model.GetProperty("name").GetString());
        var metrics = model.GetProperty("metrics");
        Assert.Equal(["precision@10", "recall@10", "ndcg@10", "map", "hr@10", "mrr", "auc", "coverage", "diversity", "novelty"],
            metrics.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, metrics.GetProperty("diversity").ValueKind);
        Assert.InRange(metrics.GetProperty("hr@10").GetDouble(), 0.0, 1.0);
        foreach (var key in new[] { "fit_seconds", "recommend_ms_p50", "recommend_ms_p99" })
            Assert.True(model.GetProperty(key).GetDouble() >= 0);
        Assert.Equal(943, model.GetProperty("users").GetInt32());
        Assert.Equal("none", root.GetProperty("options").GetProperty("embedding_model").GetString());
    }

    [Fact]
    public void Leave_last_out_popularity_ranks_each_single_test_item_consistently()
    {
        var metrics = Report.Value.Models[0].Metrics;
        // One relevant item per user: recall = hit rate, precision = hit rate / k, MAP = MRR cut at k (≤ MRR).
        Assert.Equal(metrics["hr@10"], metrics["recall@10"], 12);
        Assert.Equal(metrics["hr@10"] / 10, metrics["precision@10"], 12);
        Assert.True(metrics["map"] <= metrics["mrr"] + 1e-12);
    }

    [Fact]
    public void Markdown_holds_one_table_row_per_model_with_na_for_missing_values()
    {
        var text = MarkdownReportWriter.Write(Report.Value);
        Assert.Contains("| model | precision@10 | recall@10 | ndcg@10 | map | hr@10 | mrr | auc | coverage | diversity | novelty | fit s | p50 ms | p99 ms | users |", text);
        var row = Assert.Single(text.Split('\n'), l => l.StartsWith("| pop |"));
        Assert.Contains("| n/a |", row);
    }

    [Fact]
    public void The_accuracy_diversity_curve_is_plotted_when_diversity_was_measured()
    {
        var folder = Directory.CreateTempSubdirectory("strata-plots-").FullName;
        try
        {
            DiversityPoint Point(double knob, double ndcg, double diversity) =>
                new(knob, new Dictionary<string, double> { ["ndcg@10"] = ndcg, ["diversity"] = diversity });
            var report = Report.Value with { AccuracyDiversity = [Point(0, 0.48, 0.55), Point(0.5, 0.47, 0.57), Point(1, 0.40, 0.60)] };
            var files = PlotWriter.Write(report, folder);
            Assert.Contains(files, f => f.EndsWith("ml-100k-leave-last-out-accuracy-diversity.png"));
            var withoutVectors = Report.Value with { AccuracyDiversity = [Point(0, 0.48, double.NaN), Point(1, 0.40, double.NaN)] };
            Assert.DoesNotContain(PlotWriter.Write(withoutVectors, Path.Combine(folder, "no-vectors")), f => f.EndsWith("accuracy-diversity.png"));
            Assert.Contains("| 0.50 | 0.4700 | 0.5700 |", MarkdownReportWriter.Write(report));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Plots_are_png_files_one_per_measurable_metric()
    {
        var folder = Directory.CreateTempSubdirectory("strata-plots-").FullName;
        try
        {
            var files = PlotWriter.Write(Report.Value, folder);
            Assert.Equal(9, files.Count); // every metric but diversity, which has no value without vectors
            foreach (var file in files)
                Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(file)[..4]);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
