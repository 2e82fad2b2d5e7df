using System.Text.Json;
using Strata.Evaluation.Harness;
using Strata.Evaluation.Reports;

namespace Strata.Evaluation.Tests.Harness;

/// <summary>
/// A real <c>--ablate</c> run: Strata on ML-100K leave-last-out without item vectors, where the collaborative family is
/// the one that can be removed (what is left is popularity).
/// </summary>
public sealed class AblationTests
{
    private static readonly Lazy<EvaluationReport> Report = new(() => EvaluationRunner.RunAsync(new EvaluationRunOptions
    {
        Dataset = "ml-100k",
        Protocol = "leave-last-out",
        Models = ["strata", "pop"],
        EmbeddingModel = "none",
        DiversityCurve = false,
        Ablate = true,
        Resamples = 200,
    }).GetAwaiter().GetResult());

    [Fact]
    public void Each_present_family_gets_a_row_and_a_paired_delta_that_equals_the_difference_of_the_rows()
    {
        var report = Report.Value;
        var ablation = Assert.Single(report.Ablations!);
        Assert.Equal("collaborative", ablation.Family);
        Assert.Equal("strata-no-collaborative", ablation.Model);
        var full = report.Models.Single(m => m.Name == "strata");
        var without = report.Models.Single(m => m.Name == "strata-no-collaborative");
        Assert.Equal(without.Metrics["ndcg@10"] - full.Metrics["ndcg@10"], ablation.Delta.Difference, 12);
        Assert.Equal(943, ablation.Delta.Users);
        Assert.True(ablation.Delta.Low <= ablation.Delta.Difference && ablation.Delta.Difference <= ablation.Delta.High);
        // Popularity alone cannot rank the next item as EDLAE does: the loss is far outside the users' noise.
        Assert.True(ablation.Delta.High < 0);
        Assert.Contains(report.Notes, n => n.StartsWith("ablation, without collaborative (test): Δndcg@10 -", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_carries_the_ablation_with_its_interval()
    {
        using var json = JsonDocument.Parse(JsonReportWriter.Write(Report.Value));
        var entry = Assert.Single(json.RootElement.GetProperty("ablation").EnumerateArray());
        Assert.Equal("collaborative", entry.GetProperty("without").GetString());
        Assert.True(entry.GetProperty("ci95_low").GetDouble() <= entry.GetProperty("ci95_high").GetDouble());
        Assert.Equal(200, entry.GetProperty("resamples").GetInt32());
        Assert.Contains("ablate", json.RootElement.GetProperty("options").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Ablating_without_strata_among_the_models_is_refused()
    {
        var error = await Assert.ThrowsAsync<EvaluationException>(() => EvaluationRunner.RunAsync(new EvaluationRunOptions
        {
            Dataset = "ml-100k", Protocol = "leave-last-out", Models = ["pop"], EmbeddingModel = "none", Ablate = true,
        }));
        Assert.Contains("--models", error.Message);
    }
}
