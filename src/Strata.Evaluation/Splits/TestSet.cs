namespace Strata.Evaluation.Splits;

/// <summary>A named set of test queries evaluated against one fitted model (cold-users has one per number of given events).</summary>
public sealed record TestSet(string Name, IReadOnlyList<TestCase> Cases);
