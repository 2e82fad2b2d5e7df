namespace Strata.Evaluation.Reports;

/// <summary>One point of the accuracy–diversity curve: a model's diversity knob setting and what it measured.</summary>
/// <param name="Knob">Diversity knob, 0 (pure score) … 1 (strict proportional allocation across interests).</param>
/// <param name="Metrics">The metrics at that setting (same keys as a model row).</param>
public sealed record DiversityPoint(double Knob, IReadOnlyDictionary<string, double> Metrics);
