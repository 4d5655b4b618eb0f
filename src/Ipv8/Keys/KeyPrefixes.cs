namespace Ipv8.Keys;

/// <summary>The ASCII prefixes py-ipv8 puts in front of curve25519 key bins, and the PEM marker.</summary>
internal static class KeyPrefixes
{
    /// <summary>Length of both LibNaCL prefixes: 10 bytes.</summary>
    internal const int Length = 10;

    /// <summary>Gets <c>LibNaCLPK:</c>, the public key bin prefix.</summary>
    internal static ReadOnlySpan<byte> LibNaClPublic => "LibNaCLPK:"u8;

    /// <summary>Gets <c>LibNaCLSK:</c>, the private key bin prefix.</summary>
    internal static ReadOnlySpan<byte> LibNaClSecret => "LibNaCLSK:"u8;

    /// <summary>Gets <c>-----</c>, the start of any PEM text.</summary>
    internal static ReadOnlySpan<byte> Pem => "-----"u8;

    /// <summary>Gets the PEM header of a SEC1 EC private key, which must never be taken as a public key.</summary>
    internal static ReadOnlySpan<byte> PemEcPrivate => "-----BEGIN EC PRIVATE KEY-----"u8;
}
