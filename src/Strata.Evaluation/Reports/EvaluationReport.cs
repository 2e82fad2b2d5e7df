using Strata.Evaluation.Comparison;
using Strata.Evaluation.Harness;

namespace Strata.Evaluation.Reports;

/// <summary>Everything one <c>strata eval</c> run measured, as written to JSON, Markdown, the console and plots.</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Protocol">Protocol name.</param>
/// <param name="K">List cut-off of the @k metrics.</param>
/// <param name="Models">One row per (model, test set).</param>
/// <param name="Options">The run's settings (models, λ, seeds, embedding model, machine), as strings.</param>
/// <param name="Description">How the split was made.</param>
/// <param name="Notes">Caveats, e.g. that diversity needs item vectors.</param>
/// <param name="AccuracyDiversity">The curve of the model that exposes a diversity knob, or null.</param>
/// <param name="Comparisons">A <c>--compare</c> run's paired differences (rows: configuration A, then B), or null.</param>
/// <param name="Ablations">With <c>--ablate</c>: per signal family and test set, the change in a metric when Strata fits without it.</param>
public sealed record EvaluationReport(
    string Dataset,
    string Protocol,
    int K,
    IReadOnlyList<ModelResult> Models,
    IReadOnlyDictionary<string, string> Options,
    string Description,
    IReadOnlyList<string> Notes,
    IReadOnlyList<DiversityPoint>? AccuracyDiversity = null,
    IReadOnlyList<ConfigurationComparison>? Comparisons = null,
    IReadOnlyList<Ablation>? Ablations = null)
{
    /// <summary>Metric keys in report order, as they appear in the rows.</summary>
    public IReadOnlyList<string> MetricKeys => Models.Count == 0 ? [] : [.. Models[0].Metrics.Keys];

    /// <summary>True when some row belongs to a test set other than the single default one.</summary>
    public bool HasSeveralTestSets => Models.Any(m => m.TestSet != Models[0].TestSet);

    /// <summary>Row label: the model name, with the test set when there are several.</summary>
    public string Label(ModelResult row) => HasSeveralTestSets ? $"{row.Name} ({row.TestSet})" : row.Name;
}

/// <summary>What removing one signal family from Strata's model changed: <c>metric(without) − metric(full)</c> over the same users.</summary>
/// <param name="Family">The family removed (<c>collaborative</c>, <c>content</c>, <c>hierarchy</c>, <c>sequential</c>).</param>
/// <param name="Model">Row name of the ablated model in <see cref="EvaluationReport.Models"/>.</param>
/// <param name="TestSet">Test set the users come from.</param>
/// <param name="Metric">Report key compared (nDCG@k).</param>
/// <param name="Delta">Mean paired difference with its bootstrap 95 % interval.</param>
public sealed record Ablation(string Family, string Model, string TestSet, string Metric, Comparison.PairedDifference Delta);
