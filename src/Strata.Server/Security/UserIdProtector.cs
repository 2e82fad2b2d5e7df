using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Strata.Server.Security;

/// <summary>
/// Maps the user ids clients send to the ids kept at rest. With a pseudonym key, a user id becomes
/// <c>p_</c> + the first 128 bits of HMAC-SHA256(key, id) in base64url: stable (so events and profiles join),
/// not reversible without the key. Without a key, ids are stored as sent.
/// </summary>
internal sealed class UserIdProtector
{
    private readonly byte[]? _key;

    public UserIdProtector(IOptions<StrataServerOptions> options)
    {
        _key = options.Value.PseudonymKey is { Length: > 0 } key ? Encoding.UTF8.GetBytes(key) : null;
    }

    /// <summary>True when ids at rest are pseudonyms.</summary>
    public bool Pseudonymises => _key is not null;

    /// <summary>The id under which the store and the profiles know this user.</summary>
    public string ToStored(string userId)
    {
        if (_key is null) return userId;
        Span<byte> digest = stackalloc byte[32];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(userId), digest);
        return "p_" + Convert.ToBase64String(digest[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
