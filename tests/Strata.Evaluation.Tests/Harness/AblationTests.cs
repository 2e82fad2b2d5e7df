using System.Text.Json;
using Strata.Evaluation.Harness;
using Strata.Evaluation.Reports;

namespace Strata.Evaluation.Tests.Harness;

/// <summary>
/// A real <c>--ablate</c> run: Strata on ML-100K leave-last-out without item vectors, where the collaborative family and
/// the sequential model are the ones that can be removed (popularity always stays).
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
        // Without item vectors the ablatable families are the collaborative signals and the sequential interest model.
        Assert.Equal(["collaborative", "sequential"], report.Ablations!.Select(a => a.Family));
        var full = report.Models.Single(m => m.Name == "strata");
        foreach (var ablation in report.Ablations!)
        {
            Assert.Equal($"strata-no-{ablation.Family}", ablation.Model);
            var without = report.Models.Single(m => m.Name == ablation.Model);
            Assert.Equal(without.Metrics["ndcg@10"] - full.Metrics["ndcg@10"], ablation.Delta.Difference, 12);
            Assert.Equal(943, ablation.Delta.Users);
            Assert.True(ablation.Delta.Low <= ablation.Delta.Difference && ablation.Delta.Difference <= ablation.Delta.High);
            Assert.Contains(report.Notes, n => n.StartsWith($"ablation, without {ablation.Family} (test): Δndcg@10 ", StringComparison.Ordinal));
        }
        // Popularity alone cannot rank the next item as EDLAE does: the loss is far outside the users' noise.
        Assert.True(report.Ablations!.Single(a => a.Family == "collaborative").Delta.High < 0);
    }

    [Fact]
    public void Json_carries_the_ablation_with_its_interval()
    {
        using var json = JsonDocument.Parse(JsonReportWriter.Write(Report.Value));
        var entries = json.RootElement.GetProperty("ablation").EnumerateArray().ToList();
        Assert.Equal(["collaborative", "sequential"], entries.Select(e => e.GetProperty("without").GetString()));
        Assert.All(entries, e => Assert.True(e.GetProperty("ci95_low").GetDouble() <= e.GetProperty("ci95_high").GetDouble()));
        Assert.Contains("200 resamples", json.RootElement.GetProperty("options").GetProperty("ablate").GetString());
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
