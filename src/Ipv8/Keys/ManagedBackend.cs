using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Ipv8.Keys;

/// <summary>
/// <see cref="ISignatureBackend"/> on BouncyCastle.Cryptography's RFC 8032 / RFC 7748 code: always available
/// (no native code), identical output to NSec/libsodium, but slower, and BouncyCastle allocates a little per call.
/// </summary>
internal sealed class ManagedBackend : ISignatureBackend
{
    /// <inheritdoc/>
    public string Name => "managed";

    /// <inheritdoc/>
    public Ed25519SigningKey ImportEd25519SigningKey(ReadOnlySpan<byte> seed)
    {
        BackendArguments.CheckLength(seed, ISignatureBackend.Ed25519SeedSize, nameof(seed));
        return new ManagedSigningKey(seed);
    }

    /// <inheritdoc/>
    public Ed25519VerifyKey ImportEd25519VerifyKey(ReadOnlySpan<byte> publicKey)
    {
        BackendArguments.CheckLength(publicKey, ISignatureBackend.Ed25519PublicKeySize, nameof(publicKey));
        return new ManagedVerifyKey(publicKey);
    }

    /// <inheritdoc/>
    public void X25519PublicKeyFromSecret(ReadOnlySpan<byte> secret, Span<byte> publicKey)
    {
        BackendArguments.CheckLength(secret, ISignatureBackend.X25519KeySize, nameof(secret));
        BackendArguments.CheckAtLeast(publicKey, ISignatureBackend.X25519KeySize, nameof(publicKey));
        // ScalarMultBase clamps a copy of the scalar internally, as RFC 7748 and libsodium do.
        X25519.ScalarMultBase(secret, publicKey[..ISignatureBackend.X25519KeySize]);
    }

    /// <inheritdoc/>
    public void FillRandom(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    /// <summary>Computes the verify key of a 32-byte seed (checked by the caller).</summary>
    internal static void PublicKeyFromSeed(ReadOnlySpan<byte> seed, Span<byte> publicKey) => Ed25519.GeneratePublicKey(seed, publicKey);
}
