using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Ipv8.Keys;

/// <summary>
/// A py-ipv8 curve25519 private key: bin = <c>LibNaCLSK:</c> ‖ X25519 secret (32, unclamped as stored)
/// ‖ Ed25519 seed (32). Both public halves are recomputed from the stored halves; the X25519 half is
/// never derived from the Ed25519 one (that would change the member id). The seed is imported into the
/// backend once (<see cref="Ed25519SigningKey"/>), so <see cref="Sign"/> does not re-derive or re-import
/// anything and, on NSec, allocates nothing.
/// </summary>
internal sealed class LibNaClPrivateKey : PrivateKey
{
    /// <summary>Length of the private key bin: 74 bytes.</summary>
    internal const int BinLength = 74;

    private readonly byte[] _keyBin;
    private readonly Ed25519SigningKey _signingKey;
    private readonly LibNaClPublicKey _publicKey;

    private LibNaClPrivateKey(ReadOnlySpan<byte> x25519Secret, ReadOnlySpan<byte> ed25519Seed, ISignatureBackend backend)
    {
        BackendArguments.CheckLength(x25519Secret, ISignatureBackend.X25519KeySize, nameof(x25519Secret));
        BackendArguments.CheckLength(ed25519Seed, ISignatureBackend.Ed25519SeedSize, nameof(ed25519Seed));
        _keyBin = new byte[BinLength];
        KeyPrefixes.LibNaClSecret.CopyTo(_keyBin);
        x25519Secret.CopyTo(_keyBin.AsSpan(KeyPrefixes.Length));
        ed25519Seed.CopyTo(_keyBin.AsSpan(KeyPrefixes.Length + ISignatureBackend.X25519KeySize));
        _signingKey = backend.ImportEd25519SigningKey(ed25519Seed);
        Span<byte> x25519Public = stackalloc byte[ISignatureBackend.X25519KeySize];
        backend.X25519PublicKeyFromSecret(x25519Secret, x25519Public);
        _publicKey = LibNaClPublicKey.FromHalves(x25519Public, _signingKey.PublicKey, backend);
    }

    /// <inheritdoc/>
    public override PublicKey PublicKey => _publicKey;

    /// <inheritdoc/>
    public override ReadOnlySpan<byte> KeyBin => _keyBin;

    /// <summary>Builds a key from its X25519 secret and Ed25519 seed (32 bytes each).</summary>
    /// <exception cref="ArgumentException">A half is not 32 bytes.</exception>
    internal static LibNaClPrivateKey FromHalves(ReadOnlySpan<byte> x25519Secret, ReadOnlySpan<byte> ed25519Seed, ISignatureBackend backend) =>
        new(x25519Secret, ed25519Seed, backend);

    /// <summary>Generates a fresh key: an independent random X25519 secret and random Ed25519 seed.</summary>
    internal static LibNaClPrivateKey Generate(ISignatureBackend backend)
    {
        Span<byte> halves = stackalloc byte[ISignatureBackend.X25519KeySize + ISignatureBackend.Ed25519SeedSize];
        backend.FillRandom(halves);
        try
        {
            return new LibNaClPrivateKey(halves[..ISignatureBackend.X25519KeySize], halves[ISignatureBackend.X25519KeySize..], backend);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(halves);
        }
    }

    /// <summary>Parses a bin that starts with <c>LibNaCLSK:</c> and is at least 74 bytes (trailing bytes ignored). Never throws.</summary>
    internal static bool TryParse(ReadOnlySpan<byte> bin, ISignatureBackend backend, [NotNullWhen(true)] out LibNaClPrivateKey? key)
    {
        if (bin.Length < BinLength || !bin.StartsWith(KeyPrefixes.LibNaClSecret))
        {
            key = null;
            return false;
        }

        key = new LibNaClPrivateKey(
            bin.Slice(KeyPrefixes.Length, ISignatureBackend.X25519KeySize),
            bin.Slice(KeyPrefixes.Length + ISignatureBackend.X25519KeySize, ISignatureBackend.Ed25519SeedSize),
            backend);
        return true;
    }

    /// <inheritdoc/>
    public override void Sign(ReadOnlySpan<byte> data, Span<byte> signature)
    {
        if (signature.Length < ISignatureBackend.Ed25519SignatureSize)
            throw new ArgumentException($"The signature buffer must hold {ISignatureBackend.Ed25519SignatureSize} bytes.", nameof(signature));
        _signingKey.Sign(data, signature);
    }
}
