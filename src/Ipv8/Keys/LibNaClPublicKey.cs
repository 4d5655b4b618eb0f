using System.Diagnostics.CodeAnalysis;

namespace Ipv8.Keys;

/// <summary>
/// A py-ipv8 curve25519 public key: bin = <c>LibNaCLPK:</c> ‖ X25519 public key (32) ‖ Ed25519 verify key
/// (32), 74 bytes; signatures are 64-byte Ed25519. The verify key is imported into the backend once, when
/// the bin is parsed (and <see cref="KeyFactory"/> caches parsed keys), so verifying re-imports nothing and,
/// on NSec, allocates nothing.
/// </summary>
internal sealed class LibNaClPublicKey : PublicKey
{
    /// <summary>Length of the public key bin: 74 bytes.</summary>
    internal const int BinLength = 74;

    private readonly Ed25519VerifyKey _verifyKey;

    private LibNaClPublicKey(ReadOnlySpan<byte> keyBin, ISignatureBackend backend)
        : base(keyBin[..BinLength])
    {
        _verifyKey = backend.ImportEd25519VerifyKey(
            keyBin.Slice(KeyPrefixes.Length + ISignatureBackend.X25519KeySize, ISignatureBackend.Ed25519PublicKeySize));
    }

    /// <inheritdoc/>
    public override int SignatureLength => ISignatureBackend.Ed25519SignatureSize;

    /// <summary>Gets the X25519 public key (bytes 10..41 of the bin).</summary>
    internal ReadOnlySpan<byte> X25519PublicKey => KeyBin.Slice(KeyPrefixes.Length, ISignatureBackend.X25519KeySize);

    /// <summary>Gets the Ed25519 verify key (bytes 42..73 of the bin).</summary>
    internal ReadOnlySpan<byte> Ed25519PublicKey => _verifyKey.KeyBytes;

    /// <summary>
    /// Parses a bin that starts with <c>LibNaCLPK:</c> and is at least 74 bytes long (trailing bytes are
    /// ignored, as py-ipv8 does; the key always re-emits exactly 74 bytes). Never throws.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<byte> keyBin, ISignatureBackend backend, [NotNullWhen(true)] out LibNaClPublicKey? key)
    {
        if (keyBin.Length < BinLength || !keyBin.StartsWith(KeyPrefixes.LibNaClPublic))
        {
            key = null;
            return false;
        }

        key = new LibNaClPublicKey(keyBin, backend);
        return true;
    }

    /// <summary>Builds the key from its two halves.</summary>
    internal static LibNaClPublicKey FromHalves(ReadOnlySpan<byte> x25519Public, ReadOnlySpan<byte> ed25519Public, ISignatureBackend backend)
    {
        Span<byte> bin = stackalloc byte[BinLength];
        KeyPrefixes.LibNaClPublic.CopyTo(bin);
        x25519Public.CopyTo(bin[KeyPrefixes.Length..]);
        ed25519Public.CopyTo(bin[(KeyPrefixes.Length + ISignatureBackend.X25519KeySize)..]);
        return new LibNaClPublicKey(bin, backend);
    }

    /// <inheritdoc/>
    public override bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data) =>
        _verifyKey.Verify(signature, data);
}
