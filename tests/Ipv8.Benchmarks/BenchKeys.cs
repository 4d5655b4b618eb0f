using System.Security.Cryptography;
using Ipv8.Keys;

namespace Ipv8.Benchmarks;

/// <summary>Deterministic curve25519 keys for benchmarks, built with the production key code on a chosen backend.</summary>
internal static class BenchKeys
{
    /// <summary>Creates a key factory on <paramref name="kind"/> (throws when NSec is asked for and its libsodium does not load).</summary>
    public static KeyFactory Factory(SignatureBackendKind kind) => new(SignatureBackendFactory.Create(kind));

    /// <summary>A curve25519 key derived from <paramref name="seed"/> (same bytes on every backend).</summary>
    public static PrivateKey Create(KeyFactory factory, int seed)
    {
        var x25519 = SHA256.HashData(BitConverter.GetBytes(seed));
        return factory.FromCurve25519Halves(x25519, SHA256.HashData(x25519));
    }
}
