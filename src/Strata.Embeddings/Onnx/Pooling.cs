namespace Strata.Embeddings.Onnx;

/// <summary>How a sentence vector is made from the encoder's per-token hidden states (before L2 normalisation).</summary>
public enum Pooling
{
    /// <summary>Average of the hidden states of all real (attention mask = 1) tokens, [CLS] and [SEP] included, as sentence-transformers' mean pooling.</summary>
    Mean,

    /// <summary>The hidden state of the first token ([CLS]).</summary>
    Cls,
}
