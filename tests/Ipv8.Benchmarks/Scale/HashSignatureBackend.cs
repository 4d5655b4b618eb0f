using System.Security.Cryptography;
using Ipv8.Keys;

namespace Ipv8.Benchmarks.Scale;

/// <summary>
/// A NOT secure stand-in for Ed25519/X25519 (hashes instead of curve arithmetic) so the scale harness can measure the cost of
/// everything but the cryptography (<c>--crypto hash</c>). Signatures are SHA-512(verify key ‖ message); verify recomputes.
/// </summary>
internal sealed class HashSignatureBackend : ISignatureBackend
{
    public string Name => "hash (insecure, harness only)";

    public void Ed25519PublicKeyFromSeed(ReadOnlySpan<byte> seed, Span<byte> publicKey) => SHA256.HashData(seed, publicKey);

    public void Ed25519ExpandSeed(ReadOnlySpan<byte> seed, Span<byte> expandedKey)
    {
        seed.CopyTo(expandedKey);
        SHA256.HashData(seed, expandedKey[32..]);
    }

    public void Ed25519Sign(ReadOnlySpan<byte> expandedKey, ReadOnlySpan<byte> message, Span<byte> signature)
        => Hash(expandedKey[32..64], message, signature);

    public bool Ed25519Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        if (signature.Length != 64 || publicKey.Length != 32)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[64];
        Hash(publicKey, message, expected);
        return expected.SequenceEqual(signature);
    }

    public void X25519PublicKeyFromSecret(ReadOnlySpan<byte> secret, Span<byte> publicKey) => SHA256.HashData(secret, publicKey);

    public void FillRandom(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    private static void Hash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> output)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        hash.AppendData(key);
        hash.AppendData(message);
        hash.GetHashAndReset(output);
    }
}
