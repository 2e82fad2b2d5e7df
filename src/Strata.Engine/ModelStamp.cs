using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Strata.Engine;

/// <summary>
/// What a saved model was fitted from: the engine's settings (<see cref="EngineOptions.Fingerprint"/>), the catalogue (ids in order), the item vectors,
/// and the log up to <see cref="FittedThrough"/> (its event count then). A saved model serves only a store that still
/// matches: same catalogue and vectors, and the same events up to that sequence (later events are what any model sees
/// between refits; an erased user or a replaced store changes the count, or has removed the file).
/// </summary>
public sealed record ModelStamp(string Options, string Catalogue, string Vectors, long FittedThrough, long EventsThrough)
{
    public static string Hash(IEnumerable<string> ids)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var id in ids)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(id));
            hash.AppendData("\n"u8);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    public static string Hash(float[] vectors) => Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(vectors.AsSpan())));
}

