namespace Ipv8.Keys;

/// <summary>
/// The Ed25519/X25519 primitives the curve25519 ("LibNaCL") keys are built on, with one implementation
/// on libsodium (native, fast, allocation-free) and one on BouncyCastle (managed fallback). Both produce
/// byte-identical keys and signatures (Ed25519 is deterministic).
/// </summary>
/// <remarks>
/// Signing uses an <em>expanded</em> key of <see cref="Ed25519ExpandedKeySize"/> bytes (seed ‖ verify
/// key, libsodium's 64-byte secret key layout) computed once by <see cref="Ed25519ExpandSeed"/>, so a
/// signature never recomputes the public key from the seed. Implementations are thread-safe.
/// </remarks>
public interface ISignatureBackend
{
    /// <summary>Size of an Ed25519 seed (RFC 8032 private key): 32 bytes.</summary>
    public const int Ed25519SeedSize = 32;

    /// <summary>Size of an Ed25519 verify (public) key: 32 bytes.</summary>
    public const int Ed25519PublicKeySize = 32;

    /// <summary>Size of an expanded signing key (seed ‖ verify key): 64 bytes.</summary>
    public const int Ed25519ExpandedKeySize = 64;

    /// <summary>Size of an Ed25519 signature: 64 bytes.</summary>
    public const int Ed25519SignatureSize = 64;

    /// <summary>Size of an X25519 secret scalar and of an X25519 public key: 32 bytes.</summary>
    public const int X25519KeySize = 32;

    /// <summary>Gets a short name of the implementation (<c>libsodium</c> or <c>managed</c>), for logs and diagnostics.</summary>
    string Name { get; }

    /// <summary>Computes the Ed25519 verify key of a 32-byte seed.</summary>
    /// <exception cref="ArgumentException"><paramref name="seed"/> is not 32 bytes or <paramref name="publicKey"/> is smaller than 32 bytes.</exception>
    void Ed25519PublicKeyFromSeed(ReadOnlySpan<byte> seed, Span<byte> publicKey);

    /// <summary>Expands a 32-byte seed into the 64-byte signing key (seed ‖ verify key) that <see cref="Ed25519Sign"/> takes.</summary>
    /// <exception cref="ArgumentException"><paramref name="seed"/> is not 32 bytes or <paramref name="expandedKey"/> is smaller than 64 bytes.</exception>
    void Ed25519ExpandSeed(ReadOnlySpan<byte> seed, Span<byte> expandedKey);

    /// <summary>
    /// Writes the detached Ed25519 signature (64 bytes) of <paramref name="message"/> made with an expanded
    /// key from <see cref="Ed25519ExpandSeed"/>. Does not allocate on the libsodium backend.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="expandedKey"/> is not 64 bytes or <paramref name="signature"/> is smaller than 64 bytes.</exception>
    void Ed25519Sign(ReadOnlySpan<byte> expandedKey, ReadOnlySpan<byte> message, Span<byte> signature);

    /// <summary>
    /// Verifies a detached Ed25519 signature. Never throws: a signature or key of the wrong length, a
    /// malformed point or a wrong signature all give <see langword="false"/>.
    /// </summary>
    bool Ed25519Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey);

    /// <summary>Computes the X25519 public key of a 32-byte secret scalar (clamped as RFC 7748 says; the stored secret is not changed).</summary>
    /// <exception cref="ArgumentException"><paramref name="secret"/> is not 32 bytes or <paramref name="publicKey"/> is smaller than 32 bytes.</exception>
    void X25519PublicKeyFromSecret(ReadOnlySpan<byte> secret, Span<byte> publicKey);

    /// <summary>Fills <paramref name="buffer"/> with cryptographically secure random bytes.</summary>
    void FillRandom(Span<byte> buffer);
}
