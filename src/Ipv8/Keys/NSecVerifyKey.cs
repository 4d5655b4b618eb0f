using NSec.Cryptography;
using NSecPublicKey = NSec.Cryptography.PublicKey;

namespace Ipv8.Keys;

/// <summary>
/// An Ed25519 verify key held as an NSec <see cref="NSecPublicKey"/> (imported once).
/// <see cref="Ed25519VerifyKey.Verify"/> calls <c>crypto_sign_verify_detached</c>, which also rejects
/// non-canonical and small-order keys and signatures: no allocation, never throws.
/// </summary>
internal sealed class NSecVerifyKey : Ed25519VerifyKey
{
    private readonly NSecPublicKey _key;
    private readonly SignatureAlgorithm _algorithm;

    /// <summary>Imports a 32-byte verify key; any 32 bytes import (validity is decided per verification).</summary>
    /// <exception cref="ArgumentException"><paramref name="keyBytes"/> is not 32 bytes.</exception>
    internal NSecVerifyKey(ReadOnlySpan<byte> keyBytes)
        : base(keyBytes)
    {
        _algorithm = SignatureAlgorithm.Ed25519;
        _key = NSecPublicKey.Import(_algorithm, keyBytes, KeyBlobFormat.RawPublicKey);
    }

    /// <inheritdoc/>
    protected override bool VerifyCore(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message) => _algorithm.Verify(_key, message, signature);
}
