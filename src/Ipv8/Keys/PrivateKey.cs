namespace Ipv8.Keys;

/// <summary>
/// A private key that signs the messages of one identity. Its <see cref="KeyBin"/> is what py-ipv8
/// writes to key files (<c>LibNaCLSK:</c> ‖ X25519 secret ‖ Ed25519 seed, or DER <c>ECPrivateKey</c>).
/// </summary>
public abstract class PrivateKey
{
    /// <summary>Gets the matching public key.</summary>
    public abstract PublicKey PublicKey { get; }

    /// <summary>Gets the private key bin as py-ipv8 stores it. Treat as secret.</summary>
    public abstract ReadOnlySpan<byte> KeyBin { get; }

    /// <summary>Gets the length of the signatures this key makes.</summary>
    public int SignatureLength => PublicKey.SignatureLength;

    /// <summary>Signs <paramref name="data"/> into <paramref name="signature"/>, which must hold <see cref="SignatureLength"/> bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is too small.</exception>
    public abstract void Sign(ReadOnlySpan<byte> data, Span<byte> signature);
}
