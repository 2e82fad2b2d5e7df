namespace Strata.Evaluation.Comparison;

/// <summary>One metric of a <c>--compare</c> run on one test set: both configurations' means and the paired difference B − A with its interval.</summary>
public sealed record ConfigurationComparison(string TestSet, string Metric, double MeanA, double MeanB, PairedDifference Difference);
