namespace Ipv8.Keys;

/// <summary>
/// The Ed25519/X25519 primitives the curve25519 ("LibNaCL") keys are built on, with one implementation on
/// NSec.Cryptography (libsodium from the NSec package's own runtimes folder: fast, no allocation per signature)
/// and one on BouncyCastle (managed fallback). Both produce byte-identical keys and signatures (Ed25519 is
/// deterministic).
/// </summary>
/// <remarks>
/// Keys are imported once into backend-specific objects (<see cref="Ed25519SigningKey"/>,
/// <see cref="Ed25519VerifyKey"/>) that the owning private or public key keeps, so a signature or a verification
/// never re-derives the public key from the seed nor re-imports a key. Implementations and the key objects they
/// return are thread-safe.
/// </remarks>
public interface ISignatureBackend
{
    /// <summary>Size of an Ed25519 seed (RFC 8032 private key): 32 bytes.</summary>
    public const int Ed25519SeedSize = 32;

    /// <summary>Size of an Ed25519 verify (public) key: 32 bytes.</summary>
    public const int Ed25519PublicKeySize = 32;

    /// <summary>Size of an Ed25519 signature: 64 bytes.</summary>
    public const int Ed25519SignatureSize = 64;

    /// <summary>Size of an X25519 secret scalar and of an X25519 public key: 32 bytes.</summary>
    public const int X25519KeySize = 32;

    /// <summary>Gets a short name of the implementation (<c>nsec</c> or <c>managed</c>), for logs and diagnostics.</summary>
    string Name { get; }

    /// <summary>
    /// Imports a 32-byte Ed25519 seed into a signing key, computing its verify key once. The seed is copied;
    /// the caller may clear its buffer afterwards.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="seed"/> is not 32 bytes.</exception>
    Ed25519SigningKey ImportEd25519SigningKey(ReadOnlySpan<byte> seed);

    /// <summary>
    /// Imports a 32-byte Ed25519 verify key. Any 32 bytes are accepted: a key that is not a valid curve point
    /// (or has small order) imports fine and then verifies no signature, as libsodium does.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="publicKey"/> is not 32 bytes.</exception>
    Ed25519VerifyKey ImportEd25519VerifyKey(ReadOnlySpan<byte> publicKey);

    /// <summary>Computes the X25519 public key of a 32-byte secret scalar (clamped as RFC 7748 says; the stored secret is not changed).</summary>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is not 32 bytes or <paramref name="publicKey"/> is smaller than 32 bytes.</exception>
    void X25519PublicKeyFromSecret(ReadOnlySpan<byte> secret, Span<byte> publicKey);

    /// <summary>Fills <paramref name="buffer"/> with cryptographically secure random bytes.</summary>
    void FillRandom(Span<byte> buffer);
}
