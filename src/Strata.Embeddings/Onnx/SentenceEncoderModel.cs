namespace Strata.Embeddings.Onnx;

/// <summary>
/// A local sentence-embedding model: where its ONNX graph and WordPiece vocabulary live (embedded resources of an
/// assembly; the built-in models' are in <c>Strata.Embeddings.Models</c>), how its token states are pooled, and its output size. Vectors are always L2-normalised.
/// </summary>
/// <param name="Name">Short name used on the command line and in configuration, e.g. <c>minilm</c>.</param>
/// <param name="ModelId">The upstream model id, e.g. <c>sentence-transformers/all-MiniLM-L6-v2</c>; part of every cache key.</param>
/// <param name="ResourceAssembly">Assembly that embeds the files (loaded only to read its resources).</param>
/// <param name="ModelResource">Manifest resource name of <c>model.onnx</c>.</param>
/// <param name="VocabularyResource">Manifest resource name of <c>vocab.txt</c>.</param>
/// <param name="Pooling">Token-to-sentence pooling.</param>
/// <param name="Dimensions">Length of the output vector.</param>
/// <param name="Lowercase">True for uncased vocabularies: lowercase and strip accents before WordPiece.</param>
public sealed record SentenceEncoderModel(
    string Name,
    string ModelId,
    string ResourceAssembly,
    string ModelResource,
    string VocabularyResource,
    Pooling Pooling,
    int Dimensions,
    bool Lowercase)
{
    /// <summary>The resource assembly of the built-in models (its project extracts the files from the SentenceTransformers.* packages).</summary>
    public const string ModelsAssembly = "Strata.Embeddings.Models";

    /// <summary>all-MiniLM-L6-v2 (6 layers, 384 dims, mean pooling, uncased BERT vocabulary). The default.</summary>
    public static readonly SentenceEncoderModel MiniLM = new(
        "minilm", "sentence-transformers/all-MiniLM-L6-v2", ModelsAssembly, "minilm/model.onnx", "minilm/vocab.txt",
        Pooling.Mean, 384, Lowercase: true);

    /// <summary>
    /// all-MiniLM-L6-v2 with int8 weight matrices (<see cref="Quantization.Int8DynamicQuantizer"/>), quantised from the same
    /// embedded float model when first extracted. Its own id, so cached vectors of the two never mix.
    /// </summary>
    public static readonly SentenceEncoderModel MiniLMInt8 = MiniLM with
    {
        Name = "minilm-int8",
        ModelId = MiniLM.ModelId + ":" + Quantization.Int8DynamicQuantizer.Scheme,
        Int8Weights = true,
    };

    /// <summary>Snowflake arctic-embed-xs (6 layers, 384 dims, CLS pooling, uncased BERT vocabulary).</summary>
    public static readonly SentenceEncoderModel ArcticXs = new(
        "arctic-xs", "Snowflake/snowflake-arctic-embed-xs", ModelsAssembly, "arctic-xs/model.onnx", "arctic-xs/vocab.txt",
        Pooling.Cls, 384, Lowercase: true);

    /// <summary>
    /// True when the model runs with int8 weights: <see cref="ModelResource"/> is the float source, rewritten by
    /// <see cref="Quantization.Int8DynamicQuantizer"/> when extracted.
    /// </summary>
    public bool Int8Weights { get; init; }

    /// <summary>What <see cref="Microsoft.Extensions.AI.IEmbeddingGenerator"/> callers see about this model.</summary>
    public Microsoft.Extensions.AI.EmbeddingGeneratorMetadata Metadata() => new("onnx", null, ModelId, Dimensions);

    /// <summary>The built-in local models, by <see cref="Name"/>.</summary>
    public static IReadOnlyList<SentenceEncoderModel> BuiltIn { get; } = [MiniLM, MiniLMInt8, ArcticXs];

    /// <summary>The built-in model called <paramref name="name"/> (case-insensitive), or an exception listing the valid names.</summary>
    public static SentenceEncoderModel FromName(string name) =>
        BuiltIn.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"Unknown local embedding model '{name}'. Known: {string.Join(", ", BuiltIn.Select(m => m.Name))}.", nameof(name));
}
