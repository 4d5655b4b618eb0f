using System.Diagnostics.CodeAnalysis;

namespace Ipv8.Keys;

/// <summary>
/// Parses and generates py-ipv8 keys (§4): curve25519 "LibNaCL" keys on an <see cref="ISignatureBackend"/>
/// and "M2Crypto" EC keys on BouncyCastle. Thread-safe; keeps a bounded cache of parsed public keys so a
/// known sender's key is not re-parsed per packet.
/// </summary>
public sealed class KeyFactory
{
    /// <summary>The security level of new identities: <c>curve25519</c>.</summary>
    public const string Curve25519 = "curve25519";

    /// <summary>Default number of parsed public keys kept by <see cref="TryParsePublicKey"/>.</summary>
    public const int DefaultPublicKeyCacheSize = 4096;

    private readonly PublicKeyCache _cache;

    /// <summary>Initializes a factory on <paramref name="backend"/>.</summary>
    /// <param name="backend">The Ed25519/X25519 implementation curve25519 keys use.</param>
    /// <param name="publicKeyCacheSize">Upper bound of the parsed-public-key cache (default 4096).</param>
    /// <exception cref="ArgumentNullException"><paramref name="backend"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="publicKeyCacheSize"/> is not positive.</exception>
    public KeyFactory(ISignatureBackend backend, int publicKeyCacheSize = DefaultPublicKeyCacheSize)
    {
        ArgumentNullException.ThrowIfNull(backend);
        Backend = backend;
        PublicKeyCacheSize = publicKeyCacheSize;
        _cache = new PublicKeyCache(publicKeyCacheSize);
    }

    /// <summary>Initializes a factory on a backend chosen by <paramref name="kind"/> (see <see cref="SignatureBackendFactory.Create"/>).</summary>
    /// <exception cref="DllNotFoundException"><paramref name="kind"/> is <see cref="SignatureBackendKind.NSec"/> and NSec's libsodium cannot be loaded on this platform.</exception>
    public KeyFactory(SignatureBackendKind kind = SignatureBackendKind.Auto)
        : this(SignatureBackendFactory.Create(kind))
    {
    }

    /// <summary>Gets the security levels <see cref="Generate"/> accepts: curve25519, very-low, low, medium, high.</summary>
    public static IReadOnlyList<string> SecurityLevels { get; } = [Curve25519, "very-low", "low", "medium", "high"];

    /// <summary>Gets the backend curve25519 keys use.</summary>
    public ISignatureBackend Backend { get; }

    /// <summary>Gets the upper bound of the parsed-public-key cache, as given to the constructor (default 4096).</summary>
    public int PublicKeyCacheSize { get; }

    /// <summary>Gets the approximate number of parsed public keys currently cached.</summary>
    internal int CachedPublicKeyCount => _cache.Count;

    /// <summary>
    /// Parses a public key bin as it arrives in a signed message: <c>LibNaCLPK:</c> (≥ 74 bytes, extra
    /// bytes ignored) or DER SubjectPublicKeyInfo on a named EC curve. Refuses private-key material
    /// (<c>LibNaCLSK:</c>, PEM). Never throws; repeated bins are served from a bounded cache.
    /// </summary>
    public bool TryParsePublicKey(ReadOnlySpan<byte> keyBin, [NotNullWhen(true)] out PublicKey? key)
    {
        if (_cache.TryGet(keyBin, out key))
            return true;
        if (!TryParseUncached(keyBin, out key))
            return false;
        _cache.Add(keyBin, key);
        return true;
    }

    /// <summary>Parses a public key bin like <see cref="TryParsePublicKey"/> but throws on failure.</summary>
    /// <exception cref="KeyFormatException">The bytes are not a public key bin, or are private-key material.</exception>
    public PublicKey ParsePublicKey(ReadOnlySpan<byte> keyBin)
    {
        if (keyBin.StartsWith(KeyPrefixes.LibNaClSecret) || keyBin.StartsWith(KeyPrefixes.Pem))
            throw new KeyFormatException("Refusing private-key material where a public key bin was expected.");
        return TryParsePublicKey(keyBin, out var key)
            ? key
            : throw new KeyFormatException($"Not a public key bin ({keyBin.Length} bytes): neither LibNaCLPK: (74 bytes) nor DER SubjectPublicKeyInfo on a known named curve.");
    }

    /// <summary>
    /// Parses a private key bin: <c>LibNaCLSK:</c> ‖ X25519 secret ‖ Ed25519 seed (≥ 74 bytes), DER
    /// SEC1 <c>ECPrivateKey</c> (or PKCS#8), or PEM text starting with <c>-----</c>.
    /// </summary>
    /// <exception cref="KeyFormatException">The bytes are none of these; the message says why (never the key bytes).</exception>
    public PrivateKey ParsePrivateKey(ReadOnlySpan<byte> bin)
    {
        if (bin.StartsWith(KeyPrefixes.LibNaClSecret))
        {
            return LibNaClPrivateKey.TryParse(bin, Backend, out var naclKey)
                ? naclKey
                : throw new KeyFormatException($"LibNaCLSK: private key bin is {bin.Length} bytes; at least {LibNaClPrivateKey.BinLength} are needed.");
        }

        if (bin.IsEmpty)
            throw new KeyFormatException("Empty private key bin.");
        return EcPrivateKey.TryParse(bin, out var ecKey, out var error)
            ? ecKey
            : throw new KeyFormatException($"Not a private key bin ({bin.Length} bytes): not LibNaCLSK:, and as an EC key: {error}.");
    }

    /// <summary>Generates a new curve25519 identity (independent random X25519 secret and Ed25519 seed).</summary>
    public PrivateKey GenerateCurve25519() => LibNaClPrivateKey.Generate(Backend);

    /// <summary>
    /// Generates a key of a py-ipv8 security level: <c>curve25519</c> (recommended), or the EC levels
    /// <c>very-low</c> (sect163k1), <c>low</c> (sect233k1), <c>medium</c> (sect409k1), <c>high</c> (sect571k1).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="securityLevel"/> is none of these (the message lists them).</exception>
    public PrivateKey Generate(string securityLevel)
    {
        ArgumentNullException.ThrowIfNull(securityLevel);
        if (securityLevel == Curve25519)
            return GenerateCurve25519();
        var curve = EcCurve.FromSecurityLevel(securityLevel) ?? throw UnknownSecurityLevel(securityLevel);
        return EcPrivateKey.Generate(curve, Backend);
    }

    /// <summary>
    /// Checks a security level without generating a key: returns for one <see cref="Generate"/> knows
    /// (<see cref="SecurityLevels"/>), throws what it would throw for any other. Loads no cryptography.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="securityLevel"/> is not a known level (the message lists them).</exception>
    public static void CheckSecurityLevel(string securityLevel)
    {
        ArgumentNullException.ThrowIfNull(securityLevel);
        if (!SecurityLevels.Contains(securityLevel))
        {
            throw UnknownSecurityLevel(securityLevel);
        }
    }

    private static ArgumentException UnknownSecurityLevel(string securityLevel) => new(
        $"Unknown key security level '{securityLevel}'; known levels: {string.Join(", ", SecurityLevels)}.", nameof(securityLevel));

    /// <summary>Builds a curve25519 key from its X25519 secret and Ed25519 seed (32 bytes each).</summary>
    /// <exception cref="ArgumentException">A half is not 32 bytes.</exception>
    public PrivateKey FromCurve25519Halves(ReadOnlySpan<byte> x25519Secret, ReadOnlySpan<byte> ed25519Seed) =>
        LibNaClPrivateKey.FromHalves(x25519Secret, ed25519Seed, Backend);

    private bool TryParseUncached(ReadOnlySpan<byte> keyBin, [NotNullWhen(true)] out PublicKey? key)
    {
        key = null;
        if (keyBin.StartsWith(KeyPrefixes.LibNaClPublic))
        {
            if (!LibNaClPublicKey.TryParse(keyBin, Backend, out var nacl))
                return false;
            key = nacl;
            return true;
        }

        // Private-key material is never taken as a remote peer's key (§4.5).
        if (keyBin.StartsWith(KeyPrefixes.LibNaClSecret) || keyBin.StartsWith(KeyPrefixes.Pem))
            return false;
        if (!EcPublicKey.TryParse(keyBin, out var ec))
            return false;
        key = ec;
        return true;
    }
}
