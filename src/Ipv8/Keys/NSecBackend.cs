using System.Security.Cryptography;
using NSec.Cryptography;

namespace Ipv8.Keys;

/// <summary>
/// <see cref="ISignatureBackend"/> on NSec.Cryptography, whose libsodium comes from the NSec/libsodium NuGet
/// packages' <c>runtimes/&lt;rid&gt;/native</c> folder (Linux, macOS and Windows alike; no system package).
/// Keys are imported once (<see cref="NSecSigningKey"/>, <see cref="NSecVerifyKey"/>); signing and verifying
/// then run on the caller's spans without managed allocation.
/// </summary>
internal sealed class NSecBackend : ISignatureBackend
{
    /// <summary>Loads and initialises libsodium through NSec (idempotent and thread-safe in NSec).</summary>
    /// <exception cref="DllNotFoundException">NSec's libsodium cannot be loaded or does not initialise on this platform.</exception>
    public NSecBackend()
    {
        if (!TryInitialize(out var error))
        {
            throw new DllNotFoundException(
                "The NSec (libsodium) signature backend is not available on this platform: " + error +
                " (libsodium ships in the NSec.Cryptography package's runtimes folder; use SignatureBackendKind.Managed where it has no build).");
        }
    }

    /// <inheritdoc/>
    public string Name => "nsec";

    /// <summary>Gets whether NSec's libsodium loads and initialises in this process. Never throws.</summary>
    public static bool IsAvailable() => TryInitialize(out _);

    /// <inheritdoc/>
    public Ed25519SigningKey ImportEd25519SigningKey(ReadOnlySpan<byte> seed)
    {
        BackendArguments.CheckLength(seed, ISignatureBackend.Ed25519SeedSize, nameof(seed));
        return NSecSigningKey.Import(seed);
    }

    /// <inheritdoc/>
    public Ed25519VerifyKey ImportEd25519VerifyKey(ReadOnlySpan<byte> publicKey)
    {
        BackendArguments.CheckLength(publicKey, ISignatureBackend.Ed25519PublicKeySize, nameof(publicKey));
        return new NSecVerifyKey(publicKey);
    }

    /// <inheritdoc/>
    public void X25519PublicKeyFromSecret(ReadOnlySpan<byte> secret, Span<byte> publicKey)
    {
        BackendArguments.CheckLength(secret, ISignatureBackend.X25519KeySize, nameof(secret));
        BackendArguments.CheckAtLeast(publicKey, ISignatureBackend.X25519KeySize, nameof(publicKey));
        // Done once per private key, so the short-lived NSec key (libsodium secure memory) is fine here;
        // crypto_scalarmult_base clamps internally, so the stored secret keeps its unclamped bytes.
        using var key = Key.Import(KeyAgreementAlgorithm.X25519, secret, KeyBlobFormat.RawPrivateKey);
        if (!key.PublicKey.TryExport(KeyBlobFormat.RawPublicKey, publicKey[..ISignatureBackend.X25519KeySize], out var written)
            || written != ISignatureBackend.X25519KeySize)
        {
            throw new CryptographicException("NSec did not export a 32-byte X25519 public key.");
        }
    }

    /// <inheritdoc/>
    public void FillRandom(Span<byte> buffer) => RandomNumberGenerator.Fill(buffer);

    private static bool TryInitialize(out string error)
    {
        try
        {
            // Touching the algorithms runs NSec's one-time sodium_init and self-tests.
            _ = SignatureAlgorithm.Ed25519;
            _ = KeyAgreementAlgorithm.X25519;
            error = string.Empty;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
                                      or TypeInitializationException or InvalidOperationException or PlatformNotSupportedException)
        {
            error = e.Message;
            return false;
        }
    }
}
