using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Strata.Server.Experiments;

/// <summary>
/// Deterministic assignment of users to variants: HMAC-SHA256 keyed by the experiment's salt over the (stored) user id,
/// its first 53 bits read as a number u in [0, 1), and the variant whose share interval [c_{k-1}, c_k) holds u. HMAC is a
/// pseudo-random function of its key, so u is uniform for every experiment and independent between experiments with
/// different salts; the same user always lands in the same variant while the salt and shares stay.
/// </summary>
internal static class Assignment
{
    /// <summary>The user's point in [0, 1) for this salt.</summary>
    public static double Unit(ReadOnlySpan<byte> salt, string userId)
    {
        Span<byte> digest = stackalloc byte[32];
        HMACSHA256.HashData(salt, Encoding.UTF8.GetBytes(userId), digest);
        return (BinaryPrimitives.ReadUInt64BigEndian(digest) >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>The index of the variant whose share interval holds the user's point (the last one takes any rounding left over).</summary>
    public static int Variant(ReadOnlySpan<byte> salt, string userId, ReadOnlySpan<double> shares)
    {
        var u = Unit(salt, userId);
        var cumulative = 0.0;
        for (int k = 0; k < shares.Length - 1; k++)
        {
            cumulative += shares[k];
            if (u < cumulative) return k;
        }
        return shares.Length - 1;
    }
}
