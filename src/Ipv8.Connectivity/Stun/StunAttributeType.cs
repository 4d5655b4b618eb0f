namespace Ipv8.Connectivity.Stun;

/// <summary>STUN attribute types this client reads or writes (RFC 8489 §18.3, RFC 5780 §7).</summary>
public static class StunAttributeType
{
    /// <summary>MAPPED-ADDRESS (0x0001): the reflexive address in the clear (RFC 3489 servers).</summary>
    public const ushort MappedAddress = 0x0001;

    /// <summary>CHANGE-REQUEST (0x0003, RFC 5780): asks the server to answer from another IP and/or port.</summary>
    public const ushort ChangeRequest = 0x0003;

    /// <summary>MESSAGE-INTEGRITY (0x0008): known but not checked, since this client sends no credentials.</summary>
    public const ushort MessageIntegrity = 0x0008;

    /// <summary>MESSAGE-INTEGRITY-SHA256 (0x001C): known but not checked, since this client sends no credentials.</summary>
    public const ushort MessageIntegritySha256 = 0x001C;

    /// <summary>ERROR-CODE (0x0009).</summary>
    public const ushort ErrorCode = 0x0009;

    /// <summary>XOR-MAPPED-ADDRESS (0x0020): the reflexive address XOR-ed with the magic cookie (and transaction id for IPv6).</summary>
    public const ushort XorMappedAddress = 0x0020;

    /// <summary>SOFTWARE (0x8022): free text, ignored.</summary>
    public const ushort Software = 0x8022;

    /// <summary>FINGERPRINT (0x8028): CRC-32 of the message XOR 0x5354554E; must be the last attribute.</summary>
    public const ushort Fingerprint = 0x8028;

    /// <summary>Gets whether <paramref name="type"/> is comprehension-required (0x0000-0x7FFF): a response carrying an unknown one is discarded.</summary>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;
}
