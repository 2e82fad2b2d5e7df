namespace Strata.Storage;

/// <summary>
/// A batch was refused because one event breaks a rule (<see cref="Strata.Core.Domain.EventRules"/>) or names an item
/// the catalogue does not hold; nothing of the batch was written.
/// </summary>
public sealed class RejectedEventException(int index, string field, string problem)
    : ArgumentException($"event {index}: field '{field}' {problem}")
{
    /// <summary>Position of the refused event in the batch.</summary>
    public int Index { get; } = index;

    /// <summary>Wire name of the offending field (<c>user</c>, <c>item</c>, <c>type</c>, <c>value</c>, <c>text</c>, <c>timestamp</c>, <c>key</c>).</summary>
    public string Field { get; } = field;

    /// <summary>Why, in words that follow the field name.</summary>
    public string Problem { get; } = problem;

    /// <summary>True when the event names an item the catalogue does not hold.</summary>
    public bool UnknownItem => Field == "item" && Problem == UnknownItemProblem;

    /// <summary>The <see cref="Problem"/> of an event whose item is not in the catalogue.</summary>
    public const string UnknownItemProblem = "is not in the catalogue";
}
