namespace Ipv8.Keys;

/// <summary>Which <see cref="ISignatureBackend"/> to use.</summary>
public enum SignatureBackendKind
{
    /// <summary>NSec (libsodium) when it loads on this platform, otherwise the managed (BouncyCastle) backend.</summary>
    Auto = 0,

    /// <summary>
    /// NSec.Cryptography on the libsodium it ships in its NuGet runtimes folder; creating it fails only on a
    /// platform NSec has no libsodium build for. (Value 1 was called <c>Libsodium</c> when the backend was a
    /// hand-written P/Invoke layer over the system libsodium.)
    /// </summary>
    NSec = 1,

    /// <summary>The managed BouncyCastle backend (always available, slower, allocates per call).</summary>
    Managed = 2,
}
