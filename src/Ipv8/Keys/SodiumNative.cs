using System.Reflection;
using System.Runtime.InteropServices;

namespace Ipv8.Keys;

/// <summary>
/// Source-generated P/Invoke declarations for the few libsodium functions the keys need, and the native
/// library resolver that finds libsodium under its distribution-specific file names.
/// </summary>
/// <remarks>
/// <see cref="NativeLibrary.SetDllImportResolver"/> can be called only once per assembly and is, by its
/// nature, process-global. It is installed exactly once by this type's static constructor, which the
/// runtime runs (thread-safely, once) before the first P/Invoke below is entered. This is the one piece of
/// process-global state in the key layer; it is immutable after installation. If some other code already
/// installed a resolver for this assembly, ours is skipped and the default probing for <c>libsodium</c>
/// applies (the backend then reports itself unavailable if that finds nothing).
/// </remarks>
internal static unsafe partial class SodiumNative
{
    private const string LibraryName = "libsodium";

    /// <summary>File names tried, in order, when resolving <see cref="LibraryName"/>.</summary>
    internal static readonly string[] CandidateNames =
        ["libsodium.so.23", "libsodium.so", "libsodium.so.26", "libsodium.dylib", "libsodium"];

#pragma warning disable CA1810 // the static constructor exists for its side effect (resolver), not field initialisation
    static SodiumNative()
#pragma warning restore CA1810
    {
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(SodiumNative).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            // A resolver for this assembly is already installed elsewhere; fall back to default probing.
        }
    }

    /// <summary>Forces the static constructor (and so the resolver) to run; idempotent and cheap.</summary>
    internal static void EnsureResolver()
    {
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!string.Equals(libraryName, LibraryName, StringComparison.Ordinal))
            return IntPtr.Zero;
        foreach (var name in CandidateNames)
        {
            if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle))
                return handle;
        }

        return IntPtr.Zero;
    }

    [LibraryImport(LibraryName, EntryPoint = "sodium_init")]
    internal static partial int SodiumInit();

    [LibraryImport(LibraryName, EntryPoint = "crypto_sign_seed_keypair")]
    internal static partial int CryptoSignSeedKeypair(byte* publicKey, byte* secretKey, byte* seed);

    [LibraryImport(LibraryName, EntryPoint = "crypto_sign_detached")]
    internal static partial int CryptoSignDetached(byte* signature, ulong* signatureLength, byte* message, ulong messageLength, byte* secretKey);

    [LibraryImport(LibraryName, EntryPoint = "crypto_sign_verify_detached")]
    internal static partial int CryptoSignVerifyDetached(byte* signature, byte* message, ulong messageLength, byte* publicKey);

    [LibraryImport(LibraryName, EntryPoint = "crypto_scalarmult_base")]
    internal static partial int CryptoScalarmultBase(byte* publicKey, byte* secret);

    [LibraryImport(LibraryName, EntryPoint = "randombytes_buf")]
    internal static partial void RandombytesBuf(byte* buffer, nuint size);
}
