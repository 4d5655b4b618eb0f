namespace Ipv8.Connectivity.Turn;

/// <summary>
/// STUN attribute types the TURN client writes or reads (RFC 8656 §18, RFC 8489 §18.3, RFC 6062 §6.2). The
/// <see cref="Stun.StunAttributeType"/> constants cover the Binding-only ones.
/// </summary>
public static class TurnAttributeType
{
    /// <summary>MAPPED-ADDRESS (0x0001).</summary>
    public const ushort MappedAddress = 0x0001;

    /// <summary>USERNAME (0x0006): the long-term credential's user name, at most 512 bytes.</summary>
    public const ushort Username = 0x0006;

    /// <summary>MESSAGE-INTEGRITY (0x0008): HMAC-SHA1 over the message up to this attribute.</summary>
    public const ushort MessageIntegrity = 0x0008;

    /// <summary>ERROR-CODE (0x0009): class, number and reason phrase of an error response.</summary>
    public const ushort ErrorCode = 0x0009;

    /// <summary>UNKNOWN-ATTRIBUTES (0x000A): in a 420 response, the attribute types the server did not understand.</summary>
    public const ushort UnknownAttributes = 0x000A;

    /// <summary>CHANNEL-NUMBER (0x000C): a channel number (0x4000-0x4FFF) and 2 reserved bytes.</summary>
    public const ushort ChannelNumber = 0x000C;

    /// <summary>LIFETIME (0x000D): seconds until the allocation expires.</summary>
    public const ushort Lifetime = 0x000D;

    /// <summary>XOR-PEER-ADDRESS (0x0012): a peer's transport address, XOR-encoded like XOR-MAPPED-ADDRESS.</summary>
    public const ushort XorPeerAddress = 0x0012;

    /// <summary>DATA (0x0013): application data in Send and Data indications.</summary>
    public const ushort Data = 0x0013;

    /// <summary>REALM (0x0014): the server's realm, at most 763 bytes.</summary>
    public const ushort Realm = 0x0014;

    /// <summary>NONCE (0x0015): the server's nonce, at most 763 bytes.</summary>
    public const ushort Nonce = 0x0015;

    /// <summary>XOR-RELAYED-ADDRESS (0x0016): the relayed transport address of the allocation.</summary>
    public const ushort XorRelayedAddress = 0x0016;

    /// <summary>REQUESTED-ADDRESS-FAMILY (0x0017).</summary>
    public const ushort RequestedAddressFamily = 0x0017;

    /// <summary>EVEN-PORT (0x0018).</summary>
    public const ushort EvenPort = 0x0018;

    /// <summary>REQUESTED-TRANSPORT (0x0019): protocol number of the relay (17 UDP, 6 TCP) and 3 reserved bytes.</summary>
    public const ushort RequestedTransport = 0x0019;

    /// <summary>DONT-FRAGMENT (0x001A).</summary>
    public const ushort DontFragment = 0x001A;

    /// <summary>MESSAGE-INTEGRITY-SHA256 (0x001C): HMAC-SHA256 over the message up to this attribute.</summary>
    public const ushort MessageIntegritySha256 = 0x001C;

    /// <summary>PASSWORD-ALGORITHM (0x001D): the algorithm the client chose for the long-term key.</summary>
    public const ushort PasswordAlgorithm = 0x001D;

    /// <summary>USERHASH (0x001E).</summary>
    public const ushort UserHash = 0x001E;

    /// <summary>XOR-MAPPED-ADDRESS (0x0020): the client's reflexive address.</summary>
    public const ushort XorMappedAddress = 0x0020;

    /// <summary>RESERVATION-TOKEN (0x0022).</summary>
    public const ushort ReservationToken = 0x0022;

    /// <summary>CONNECTION-ID (0x002A, RFC 6062): identifies a peer TCP connection of a TCP allocation.</summary>
    public const ushort ConnectionId = 0x002A;

    /// <summary>ADDITIONAL-ADDRESS-FAMILY (0x8000, comprehension-optional).</summary>
    public const ushort AdditionalAddressFamily = 0x8000;

    /// <summary>PASSWORD-ALGORITHMS (0x8002, comprehension-optional): the algorithms a server offers in a 401.</summary>
    public const ushort PasswordAlgorithms = 0x8002;

    /// <summary>SOFTWARE (0x8022, comprehension-optional): free text, ignored.</summary>
    public const ushort Software = 0x8022;

    /// <summary>FINGERPRINT (0x8028): CRC-32 of the message XOR 0x5354554E, last attribute.</summary>
    public const ushort Fingerprint = 0x8028;

    /// <summary>Gets whether the client understands <paramref name="type"/> when it appears in a server message.</summary>
    public static bool IsKnown(ushort type) => type is MappedAddress or Username or MessageIntegrity or ErrorCode or UnknownAttributes
        or ChannelNumber or Lifetime or XorPeerAddress or Data or Realm or Nonce or XorRelayedAddress or RequestedAddressFamily
        or EvenPort or RequestedTransport or DontFragment or MessageIntegritySha256 or PasswordAlgorithm or UserHash
        or XorMappedAddress or ReservationToken or ConnectionId;
}
