using System.Security.Cryptography;
using NSec.Cryptography;

namespace Ipv8.Keys;

/// <summary>
/// An Ed25519 signing key held as an NSec <see cref="Key"/> (libsodium secure memory, imported once).
/// <see cref="Ed25519SigningKey.Sign"/> calls <c>crypto_sign_detached</c> on the caller's spans: no allocation.
/// </summary>
/// <remarks>
/// The key lives as long as the private key that owns it; its secure memory is released by <see cref="Dispose"/>
/// or, since nobody else holds it, by the NSec key's own safe handle when it is collected.
/// </remarks>
internal sealed class NSecSigningKey : Ed25519SigningKey, IDisposable
{
    private readonly Key _key;
    private readonly SignatureAlgorithm _algorithm;

    private NSecSigningKey(Key key, ReadOnlySpan<byte> publicKey)
        : base(publicKey)
    {
        _key = key;
        _algorithm = (SignatureAlgorithm)key.Algorithm;
    }

    /// <summary>Imports a 32-byte seed (checked by the caller).</summary>
    /// <exception cref="CryptographicException">NSec does not give a 32-byte verify key for the seed.</exception>
    internal static NSecSigningKey Import(ReadOnlySpan<byte> seed)
    {
        var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        try
        {
            Span<byte> publicKey = stackalloc byte[ISignatureBackend.Ed25519PublicKeySize];
            if (!key.PublicKey.TryExport(KeyBlobFormat.RawPublicKey, publicKey, out var written)
                || written != ISignatureBackend.Ed25519PublicKeySize)
            {
                throw new CryptographicException("NSec did not export a 32-byte Ed25519 verify key.");
            }

            return new NSecSigningKey(key, publicKey);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Releases the libsodium secure memory that holds the key.</summary>
    public void Dispose() => _key.Dispose();

    /// <inheritdoc/>
    protected override void SignCore(ReadOnlySpan<byte> message, Span<byte> signature) => _algorithm.Sign(_key, message, signature);
}
