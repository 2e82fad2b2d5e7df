namespace Strata.Evaluation;

/// <summary>An evaluation cannot run as asked (unknown protocol or model, a protocol that does not fit the dataset, a bad split file).
/// The message is user-facing.</summary>
public sealed class EvaluationException(string message, Exception? inner = null) : Exception(message, inner);
