namespace Ipv8.Keys;

/// <summary>Which <see cref="ISignatureBackend"/> to use.</summary>
public enum SignatureBackendKind
{
    /// <summary>libsodium when it can be loaded, otherwise the managed (BouncyCastle) backend.</summary>
    Auto = 0,

    /// <summary>libsodium only; creating it fails when the native library cannot be loaded.</summary>
    Libsodium = 1,

    /// <summary>The managed BouncyCastle backend (always available, slower, allocates per call).</summary>
    Managed = 2,
}
