namespace Strata.Embeddings;

/// <summary>Progress of a catalogue embedding run: <paramref name="Done"/> of <paramref name="Total"/> items have vectors.</summary>
public readonly record struct EmbeddingProgress(int Done, int Total);
