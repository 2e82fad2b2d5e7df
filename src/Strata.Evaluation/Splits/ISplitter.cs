namespace Strata.Evaluation.Splits;

/// <summary>An evaluation protocol: turns a dataset into train / (validation) / test (LensKit's splitting callables).</summary>
public interface ISplitter
{
    /// <summary>Protocol name as used by <c>strata eval --protocol</c>.</summary>
    string Protocol { get; }

    /// <exception cref="EvaluationException">The protocol does not apply to the dataset, or a split file is missing or malformed.</exception>
    EvaluationSplit Split(EvaluationDataset dataset);
}
