using System.Buffers;
using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc7748;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Ipv8.Keys;

/// <summary>
/// <see cref="ISignatureBackend"/> on Portable.BouncyCastle's RFC 8032 / RFC 7748 code: always available,
/// identical output to libsodium, but slower and BouncyCastle's array API needs copies (pooled buffers here,
/// BouncyCastle itself allocates a little per call).
/// </summary>
internal sealed class ManagedBackend : ISignatureBackend
{
    /// <inheritdoc/>
    public string Name => "managed";

    /// <inheritdoc/>
    public void Ed25519PublicKeyFromSeed(ReadOnlySpan<byte> seed, Span<byte> publicKey)
    {
        BackendArguments.CheckLength(seed, ISignatureBackend.Ed25519SeedSize, nameof(seed));
        BackendArguments.CheckAtLeast(publicKey, ISignatureBackend.Ed25519PublicKeySize, nameof(publicKey));
        var sk = seed.ToArray();
        var pk = new byte[ISignatureBackend.Ed25519PublicKeySize];
        Ed25519.GeneratePublicKey(sk, 0, pk, 0);
        CryptographicOperations.ZeroMemory(sk);
        pk.CopyTo(publicKey);
    }

    /// <inheritdoc/>
    public void Ed25519ExpandSeed(ReadOnlySpan<byte> seed, Span<byte> expandedKey)
    {
        BackendArguments.CheckAtLeast(expandedKey, ISignatureBackend.Ed25519ExpandedKeySize, nameof(expandedKey));
        Ed25519PublicKeyFromSeed(seed, expandedKey.Slice(ISignatureBackend.Ed25519SeedSize, ISignatureBackend.Ed25519PublicKeySize));
        seed.CopyTo(expandedKey);
    }

    /// <inheritdoc/>
    public void Ed25519Sign(ReadOnlySpan<byte> expandedKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        BackendArguments.CheckLength(expandedKey, ISignatureBackend.Ed25519ExpandedKeySize, nameof(expandedKey));
        BackendArguments.CheckAtLeast(signature, ISignatureBackend.Ed25519SignatureSize, nameof(signature));
        var pool = ArrayPool<byte>.Shared;
        var key = pool.Rent(ISignatureBackend.Ed25519ExpandedKeySize);
        var msg = pool.Rent(Math.Max(message.Length, 1));
        var sig = pool.Rent(ISignatureBackend.Ed25519SignatureSize);
        try
        {
            expandedKey.CopyTo(key);
            message.CopyTo(msg);
            // The (sk, pk) overload takes the cached verify key, so the seed is not re-derived into a public key.
            Ed25519.Sign(key, 0, key, ISignatureBackend.Ed25519SeedSize, msg, 0, message.Length, sig, 0);
            sig.AsSpan(0, ISignatureBackend.Ed25519SignatureSize).CopyTo(signature);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key.AsSpan(0, ISignatureBackend.Ed25519ExpandedKeySize));
            pool.Return(key);
            pool.Return(msg);
            pool.Return(sig);
        }
    }

    /// <inheritdoc/>
    public bool Ed25519Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        if (signature.Length != ISignatureBackend.Ed25519SignatureSize || publicKey.Length != ISignatureBackend.Ed25519PublicKeySize)
            return false;
        var pool = ArrayPool<byte>.Shared;
        var sig = pool.Rent(ISignatureBackend.Ed25519SignatureSize);
        var pk = pool.Rent(ISignatureBackend.Ed25519PublicKeySize);
        var msg = pool.Rent(Math.Max(message.Length, 1));
        try
        {
            signature.CopyTo(sig);
            publicKey.CopyTo(pk);
            message.CopyTo(msg);
            return Ed25519.Verify(sig, 0, pk, 0, msg, 0, message.Length);
        }
        catch (Exception)
        {
            return false;
        }
        finally
        {
            pool.Return(sig);
            pool.Return(pk);
            pool.Return(msg);
        }
    }

    /// <inheritdoc/>
    public void X25519PublicKeyFromSecret(ReadOnlySpan<byte> secret, Span<byte> publicKey)
    {
        BackendArguments.CheckLength(secret, ISignatureBackend.X25519KeySize, nameof(secret));
        BackendArguments.CheckAtLeast(publicKey, ISignatureBackend.X25519KeySize, nameof(publicKey));
        var k = secret.ToArray();
        var pk = new byte[ISignatureBackend.X25519KeySize];
        // ScalarMultBase clamps a copy of the scalar internally, as RFC 7748 and libsodium do.
        X25519.ScalarMultBase(k, 0, pk, 0);
        CryptographicOperations.ZeroMemory(k);
        pk.CopyTo(publicKey);
    }

    /// <inheritdoc/>
    public void FillRandom(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);
}
