using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Ipv8.Keys;

/// <summary>
/// An Ed25519 signing key for BouncyCastle: the seed and its verify key (computed once), so a signature does
/// not re-derive the public key from the seed.
/// </summary>
internal sealed class ManagedSigningKey : Ed25519SigningKey
{
    private readonly byte[] _seed;

    /// <summary>Imports a 32-byte seed (checked by the caller; copied).</summary>
    internal ManagedSigningKey(ReadOnlySpan<byte> seed)
        : base(DerivePublicKey(seed))
    {
        _seed = seed.ToArray();
    }

    /// <inheritdoc/>
    protected override void SignCore(ReadOnlySpan<byte> message, Span<byte> signature) =>
        Ed25519.Sign(_seed, PublicKey, message, signature);

    private static ReadOnlySpan<byte> DerivePublicKey(ReadOnlySpan<byte> seed)
    {
        var publicKey = new byte[ISignatureBackend.Ed25519PublicKeySize];
        ManagedBackend.PublicKeyFromSeed(seed, publicKey);
        return publicKey;
    }
}
