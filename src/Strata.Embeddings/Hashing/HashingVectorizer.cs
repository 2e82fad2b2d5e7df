using System.Numerics.Tensors;

namespace Strata.Embeddings.Hashing;

/// <summary>
/// A cheap text vectoriser for scale runs where a sentence encoder would dominate the clock (10⁶ texts take ≈ 17 min
/// with int8 MiniLM on two cores): each lower-cased word gets a fixed pseudo-random ±1 vector (its FNV-1a hash seeds a
/// SplitMix64 stream), and a text is the normalised sum of its words' vectors — a random projection of its bag of
/// words (Achlioptas 2003). Texts sharing words are close; synonyms are not. Deterministic in every process;
/// ≈ 1 µs per word at 384 dimensions, no model, no allocation per text.
/// </summary>
public sealed class HashingVectorizer(int dimensions = 384)
{
    public int Dimensions { get; } = dimensions > 0 ? dimensions : throw new ArgumentOutOfRangeException(nameof(dimensions));

    /// <summary>Writes the unit vector of <paramref name="text"/> into <paramref name="vector"/> (zeros for a text with no word).</summary>
    public void Embed(ReadOnlySpan<char> text, Span<float> vector)
    {
        if (vector.Length != Dimensions) throw new ArgumentException($"The vector must have {Dimensions} dimensions.", nameof(vector));
        vector.Clear();
        int start = -1;
        for (int c = 0; c <= text.Length; c++)
        {
            var inWord = c < text.Length && char.IsLetterOrDigit(text[c]);
            if (inWord && start < 0) start = c;
            else if (!inWord && start >= 0)
            {
                AddWord(text[start..c], vector);
                start = -1;
            }
        }
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0) TensorPrimitives.Divide(vector, norm, vector);
    }

    /// <summary>Row-major unit vectors of many texts, in parallel.</summary>
    public float[] EmbedAll(IReadOnlyList<string> texts)
    {
        var vectors = new float[(long)texts.Count * Dimensions];
        Parallel.For(0, texts.Count, i => Embed(texts[i], vectors.AsSpan((int)((long)i * Dimensions), Dimensions)));
        return vectors;
    }

    private void AddWord(ReadOnlySpan<char> word, Span<float> vector)
    {
        // FNV-1a over the lower-cased UTF-16 units: plain arithmetic, the same in every process.
        ulong hash = 14695981039346656037UL;
        foreach (var ch in word) hash = (hash ^ char.ToLowerInvariant(ch)) * 1099511628211UL;
        ulong state = hash, bits = 0;
        for (int d = 0; d < vector.Length; d++)
        {
            if ((d & 63) == 0) bits = Next(ref state);
            vector[d] += (bits & 1) != 0 ? 1f : -1f;
            bits >>= 1;
        }
    }

    private static ulong Next(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
