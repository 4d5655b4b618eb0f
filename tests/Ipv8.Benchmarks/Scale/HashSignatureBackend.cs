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

    public Ed25519SigningKey ImportEd25519SigningKey(ReadOnlySpan<byte> seed) => new HashSigningKey(seed);

    public Ed25519VerifyKey ImportEd25519VerifyKey(ReadOnlySpan<byte> publicKey) => new HashVerifyKey(publicKey);

    public void X25519PublicKeyFromSecret(ReadOnlySpan<byte> secret, Span<byte> publicKey) => SHA256.HashData(secret, publicKey);

    public void FillRandom(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    private static void Hash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> output)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
        hash.AppendData(key);
        hash.AppendData(message);
        hash.GetHashAndReset(output);
    }

    private static byte[] PublicKeyOf(ReadOnlySpan<byte> seed) => SHA256.HashData(seed);

    private sealed class HashSigningKey(ReadOnlySpan<byte> seed) : Ed25519SigningKey(PublicKeyOf(seed))
    {
        protected override void SignCore(ReadOnlySpan<byte> message, Span<byte> signature) => Hash(PublicKey, message, signature);
    }

    private sealed class HashVerifyKey(ReadOnlySpan<byte> publicKey) : Ed25519VerifyKey(publicKey)
    {
        protected override bool VerifyCore(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message)
        {
            Span<byte> expected = stackalloc byte[64];
            Hash(KeyBytes, message, expected);
            return expected.SequenceEqual(signature);
        }
    }
}
