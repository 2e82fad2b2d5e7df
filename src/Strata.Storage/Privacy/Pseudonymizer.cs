using System.Security.Cryptography;
using System.Text;
using Strata.Core.Domain;

namespace Strata.Storage.Privacy;

/// <summary>
/// Keeps what identifies a person out of the store when a pseudonym key is set: user ids become
/// <c>p_</c> + the first 128 bits of HMAC-SHA256(key, id) in base64url (stable, so events and profiles still join; not
/// reversible without the key), idempotency keys become the same kind of keyed hash (<c>k_…</c>; clients often build
/// them from user ids), and search and tag texts are encrypted with AES-GCM under a key derived from it (<c>e1:</c>…).
/// Without a key everything passes through unchanged.
/// </summary>
public sealed class Pseudonymizer
{
    /// <summary>Environment variable that holds the pseudonym key for every host (the server's <c>Strata:PseudonymKey</c> wins when set).</summary>
    public const string KeyEnvironmentVariable = "STRATA_PSEUDONYM_KEY";

    private const string UserPrefix = "p_";
    private const string KeyPrefix = "k_";
    private const string TextPrefix = "e1:";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly byte[]? _userKey;
    private readonly byte[]? _idempotencyKey;
    private readonly byte[]? _textKey;

    /// <param name="secret">The pseudonym key (null or empty: no pseudonyms).</param>
    public Pseudonymizer(string? secret)
    {
        if (string.IsNullOrEmpty(secret)) return;
        var master = Encoding.UTF8.GetBytes(secret);
        // User ids keep the plain HMAC of earlier versions so existing pseudonymised stores still join; the other uses get derived keys.
        _userKey = master;
        _idempotencyKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "strata idempotency keys"u8.ToArray());
        _textKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "strata event texts"u8.ToArray());
        Fingerprint = Convert.ToHexString(HMACSHA256.HashData(master, "strata pseudonym key fingerprint"u8)[..8]).ToLowerInvariant();
    }

    /// <summary>The pseudonymizer of <see cref="KeyEnvironmentVariable"/> (none when it is unset or empty).</summary>
    public static Pseudonymizer FromEnvironment() => new(Environment.GetEnvironmentVariable(KeyEnvironmentVariable));

    /// <summary>No pseudonyms: ids, keys and texts are stored as sent.</summary>
    public static Pseudonymizer None { get; } = new(null);

    /// <summary>True when ids at rest are pseudonyms.</summary>
    public bool Enabled => _userKey is not null;

    /// <summary>Identifies the key (not reversible to it), so a store can tell which key pseudonymised it; null when off.</summary>
    public string? Fingerprint { get; }

    /// <summary>The id under which the store and the profiles know this user.</summary>
    public string User(string userId) => _userKey is null ? userId : UserPrefix + Hash(_userKey, userId);

    /// <summary>The idempotency key as stored.</summary>
    public string IdempotencyKey(string key) => _idempotencyKey is null ? key : KeyPrefix + Hash(_idempotencyKey, key);

    /// <summary>A search or tag text as stored: encrypted with a fresh nonce when pseudonyms are on.</summary>
    public string Text(string text)
    {
        if (_textKey is null) return text;
        var plain = Encoding.UTF8.GetBytes(text);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_textKey, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length));
        return TextPrefix + Convert.ToBase64String(sealedBytes);
    }

    /// <summary>The original of a text written by <see cref="Text"/> (texts stored before pseudonyms were on pass through).</summary>
    /// <exception cref="CryptographicException">The text was sealed under another key or altered.</exception>
    public string RevealText(string stored)
    {
        if (_textKey is null || !stored.StartsWith(TextPrefix, StringComparison.Ordinal)) return stored;
        var sealedBytes = Convert.FromBase64String(stored[TextPrefix.Length..]);
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_textKey, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), plain);
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>An event as stored: user id, idempotency key and text protected.</summary>
    public Event Protect(Event e) => _userKey is null
        ? e
        : e with
        {
            UserId = User(e.UserId),
            IdempotencyKey = e.IdempotencyKey is { } key ? IdempotencyKey(key) : null,
            Text = e.Text is { } text ? Text(text) : null,
        };

    /// <summary>A user as stored (attributes are kept: they describe, they do not identify).</summary>
    public User Protect(User user) => _userKey is null ? user : user with { Id = User(user.Id) };

    private static string Hash(byte[] key, string value)
    {
        Span<byte> digest = stackalloc byte[32];
        HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(value), digest);
        return Convert.ToBase64String(digest[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
