using System.Security.Cryptography;

namespace Ipv8.Keys;

/// <summary>
/// <see cref="ISignatureBackend"/> on libsodium through source-generated P/Invoke. Signing and verifying
/// pin the caller's spans and call straight into libsodium: no managed allocation per call.
/// </summary>
internal sealed unsafe class LibsodiumBackend : ISignatureBackend
{
    /// <summary>Initialises libsodium (<c>sodium_init</c>, idempotent and thread-safe in libsodium).</summary>
    /// <exception cref="DllNotFoundException">libsodium cannot be loaded or does not initialise.</exception>
    public LibsodiumBackend()
    {
        if (!TryInitialize(out var error))
        {
            throw new DllNotFoundException(
                "The libsodium signature backend is not available: " + error +
                " (tried " + string.Join(", ", SodiumNative.CandidateNames) +
                "; install libsodium or use SignatureBackendKind.Managed).");
        }
    }

    /// <inheritdoc/>
    public string Name => "libsodium";

    /// <summary>Gets whether libsodium loads and initialises. Never throws.</summary>
    public static bool IsAvailable() => TryInitialize(out _);

    private static bool TryInitialize(out string error)
    {
        try
        {
            SodiumNative.EnsureResolver();
            if (SodiumNative.SodiumInit() < 0)
            {
                error = "sodium_init failed";
                return false;
            }

            error = string.Empty;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
                                      or TypeInitializationException)
        {
            error = e.Message;
            return false;
        }
    }

    /// <inheritdoc/>
    public void Ed25519PublicKeyFromSeed(ReadOnlySpan<byte> seed, Span<byte> publicKey)
    {
        BackendArguments.CheckLength(seed, ISignatureBackend.Ed25519SeedSize, nameof(seed));
        BackendArguments.CheckAtLeast(publicKey, ISignatureBackend.Ed25519PublicKeySize, nameof(publicKey));
        Span<byte> expanded = stackalloc byte[ISignatureBackend.Ed25519ExpandedKeySize];
        Ed25519ExpandSeed(seed, expanded);
        expanded[ISignatureBackend.Ed25519SeedSize..].CopyTo(publicKey);
        CryptographicOperations.ZeroMemory(expanded);
    }

    /// <inheritdoc/>
    public void Ed25519ExpandSeed(ReadOnlySpan<byte> seed, Span<byte> expandedKey)
    {
        BackendArguments.CheckLength(seed, ISignatureBackend.Ed25519SeedSize, nameof(seed));
        BackendArguments.CheckAtLeast(expandedKey, ISignatureBackend.Ed25519ExpandedKeySize, nameof(expandedKey));
        Span<byte> publicKey = stackalloc byte[ISignatureBackend.Ed25519PublicKeySize];
        fixed (byte* pk = publicKey)
        fixed (byte* sk = expandedKey)
        fixed (byte* s = seed)
        {
            if (SodiumNative.CryptoSignSeedKeypair(pk, sk, s) != 0)
                throw new CryptographicException("crypto_sign_seed_keypair failed.");
        }
    }

    /// <inheritdoc/>
    public void Ed25519Sign(ReadOnlySpan<byte> expandedKey, ReadOnlySpan<byte> message, Span<byte> signature)
    {
        BackendArguments.CheckLength(expandedKey, ISignatureBackend.Ed25519ExpandedKeySize, nameof(expandedKey));
        BackendArguments.CheckAtLeast(signature, ISignatureBackend.Ed25519SignatureSize, nameof(signature));
        byte empty = 0;
        fixed (byte* sig = signature)
        fixed (byte* m = message)
        fixed (byte* sk = expandedKey)
        {
            if (SodiumNative.CryptoSignDetached(sig, null, m == null ? &empty : m, (ulong)message.Length, sk) != 0)
                throw new CryptographicException("crypto_sign_detached failed.");
        }
    }

    /// <inheritdoc/>
    public bool Ed25519Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> message, ReadOnlySpan<byte> publicKey)
    {
        if (signature.Length != ISignatureBackend.Ed25519SignatureSize || publicKey.Length != ISignatureBackend.Ed25519PublicKeySize)
            return false;
        byte empty = 0;
        fixed (byte* sig = signature)
        fixed (byte* m = message)
        fixed (byte* pk = publicKey)
        {
            return SodiumNative.CryptoSignVerifyDetached(sig, m == null ? &empty : m, (ulong)message.Length, pk) == 0;
        }
    }

    /// <inheritdoc/>
    public void X25519PublicKeyFromSecret(ReadOnlySpan<byte> secret, Span<byte> publicKey)
    {
        BackendArguments.CheckLength(secret, ISignatureBackend.X25519KeySize, nameof(secret));
        BackendArguments.CheckAtLeast(publicKey, ISignatureBackend.X25519KeySize, nameof(publicKey));
        fixed (byte* pk = publicKey)
        fixed (byte* sk = secret)
        {
            // Fails only for an all-zero result, which a clamped base-point multiplication never gives.
            if (SodiumNative.CryptoScalarmultBase(pk, sk) != 0)
                throw new CryptographicException("crypto_scalarmult_base failed.");
        }
    }

    /// <inheritdoc/>
    public void FillRandom(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
            return;
        fixed (byte* b = buffer)
        {
            SodiumNative.RandombytesBuf(b, (nuint)buffer.Length);
        }
    }
}
