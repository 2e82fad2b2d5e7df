using Strata.Recommend;

namespace Strata.Evaluation.Splits;

/// <summary>
/// One test query: what the model is told (<see cref="History"/>), what counts as a hit (<see cref="Relevant"/>) and which
/// items are never ranked for this user (<see cref="Excluded"/>, the seen items). Item indices are catalogue indices.
/// </summary>
public sealed record TestCase(UserHistory History, int[] Relevant, int[] Excluded);
