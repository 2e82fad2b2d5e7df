using Strata.Core.Domain;
using Strata.Core.Interactions;

namespace Strata.Evaluation.Splits;

/// <summary>
/// What a protocol hands the harness. Every table shares one user map and one item map covering the whole catalogue.
/// Models fit on <see cref="Train"/> only; <see cref="Validation"/> (where the protocol defines one) is for tuning,
/// never for the reported numbers; <see cref="TestSets"/> are scored.
/// </summary>
/// <param name="Protocol">Protocol name, e.g. <c>leave-last-out</c>.</param>
/// <param name="Train">Fit data.</param>
/// <param name="Validation">Held-out validation events, or null.</param>
/// <param name="Test">Every test event (the relevant items of all test sets).</param>
/// <param name="Catalog">Catalogue items, position = item index.</param>
/// <param name="TestSets">Queries to score, one set or several (cold-users: given 1, 3, 5).</param>
/// <param name="ValidationCases">Queries over <see cref="Validation"/> asked of a model fitted on <see cref="Train"/>, or null.</param>
/// <param name="ColdItems">Per item index, true for items withheld from training (cold-items protocol), or null.</param>
/// <param name="Description">How the split was made, for reports.</param>
public sealed record EvaluationSplit(
    string Protocol,
    EventTable Train,
    EventTable? Validation,
    EventTable Test,
    IReadOnlyList<Item> Catalog,
    IReadOnlyList<TestSet> TestSets,
    IReadOnlyList<TestCase>? ValidationCases,
    bool[]? ColdItems,
    string Description);
