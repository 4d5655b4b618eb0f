namespace Ipv8.Keys;

/// <summary>
/// An Ed25519 seed imported into a <see cref="ISignatureBackend"/>, ready to sign: the verify key is computed
/// once at import, so <see cref="Sign"/> does no key work. Thread-safe; made by
/// <see cref="ISignatureBackend.ImportEd25519SigningKey"/>.
/// </summary>
public abstract class Ed25519SigningKey
{
    private readonly byte[] _publicKey;

    /// <summary>Initializes the key with its verify key (copied).</summary>
    /// <exception cref="ArgumentException"><paramref name="publicKey"/> is not 32 bytes.</exception>
    protected Ed25519SigningKey(ReadOnlySpan<byte> publicKey)
    {
        BackendArguments.CheckLength(publicKey, ISignatureBackend.Ed25519PublicKeySize, nameof(publicKey));
        _publicKey = publicKey.ToArray();
    }

    /// <summary>Gets the 32-byte Ed25519 verify key of this signing key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>
    /// Writes the detached 64-byte Ed25519 signature of <paramref name="message"/> into the first 64 bytes of
    /// <paramref name="signature"/>. Does not allocate on the NSec backend.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is smaller than 64 bytes.</exception>
    public void Sign(ReadOnlySpan<byte> message, Span<byte> signature)
    {
        BackendArguments.CheckAtLeast(signature, ISignatureBackend.Ed25519SignatureSize, nameof(signature));
        SignCore(message, signature[..ISignatureBackend.Ed25519SignatureSize]);
    }

    /// <summary>Signs <paramref name="message"/> into <paramref name="signature"/>, which is exactly 64 bytes.</summary>
    protected abstract void SignCore(ReadOnlySpan<byte> message, Span<byte> signature);
}
