namespace Ipv8.Keys;

/// <summary>
/// An Ed25519 verify key imported into a <see cref="ISignatureBackend"/>, so verifying does no key import or
/// point decoding per call where the backend allows. Thread-safe; made by
/// <see cref="ISignatureBackend.ImportEd25519VerifyKey"/>.
/// </summary>
public abstract class Ed25519VerifyKey
{
    private readonly byte[] _keyBytes;

    /// <summary>Initializes the key with its 32 raw bytes (copied).</summary>
    /// <exception cref="ArgumentException"><paramref name="keyBytes"/> is not 32 bytes.</exception>
    protected Ed25519VerifyKey(ReadOnlySpan<byte> keyBytes)
    {
        BackendArguments.CheckLength(keyBytes, ISignatureBackend.Ed25519PublicKeySize, nameof(keyBytes));
        _keyBytes = keyBytes.ToArray();
    }

    /// <summary>Gets the 32 raw bytes of the verify key, as imported.</summary>
    public ReadOnlySpan<byte> KeyBytes => _keyBytes;

    /// <summary>
    /// Verifies a detached Ed25519 signature over <paramref name="message"/>. Never throws: a signature of
    /// the wrong length, a key that is not a valid point, a non-canonical signature or a wrong signature all
    /// give <see langword="false"/>. Does not allocate on the NSec backend.
    /// </summary>
    public bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message) =>
        signature.Length == ISignatureBackend.Ed25519SignatureSize && VerifyCore(signature, message);

    /// <summary>Verifies a signature that is exactly 64 bytes; must not throw for any input.</summary>
    protected abstract bool VerifyCore(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message);
}
