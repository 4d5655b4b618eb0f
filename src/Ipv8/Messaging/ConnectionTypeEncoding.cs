namespace Ipv8.Messaging;

/// <summary>Encodes and decodes <see cref="ConnectionType"/> as the two flag bits <c>(ct0, ct1)</c> (spec §5.1).</summary>
public static class ConnectionTypeEncoding
{
    /// <summary>Returns the two bits: (0,0) unknown, (1,0) public, (1,1) symmetric-NAT, (0,1) N/A.</summary>
    public static (bool Bit0, bool Bit1) Encode(ConnectionType type) => type switch
    {
        ConnectionType.Public => (true, false),
        ConnectionType.SymmetricNat => (true, true),
        ConnectionType.NotApplicable => (false, true),
        _ => (false, false),
    };

    /// <summary>Decodes the two bits.</summary>
    public static ConnectionType Decode(bool bit0, bool bit1) => (bit0, bit1) switch
    {
        (false, false) => ConnectionType.Unknown,
        (true, false) => ConnectionType.Public,
        (true, true) => ConnectionType.SymmetricNat,
        _ => ConnectionType.NotApplicable,
    };

    /// <summary>Decodes the two most significant bits (0x80, 0x40) of a packed <c>bits</c> byte.</summary>
    public static ConnectionType FromFlags(byte packed) => Decode((packed & 0x80) != 0, (packed & 0x40) != 0);

    /// <summary>Returns the connection type as the two most significant bits (0x80, 0x40) of a flags byte.</summary>
    public static byte ToFlags(ConnectionType type)
    {
        var (bit0, bit1) = Encode(type);
        return (byte)((bit0 ? 0x80 : 0) | (bit1 ? 0x40 : 0));
    }

    /// <summary>Returns py-ipv8's text for the type ("unknown", "public", "symmetric-NAT", "N/A").</summary>
    public static string ToPyIpv8Name(ConnectionType type) => type switch
    {
        ConnectionType.Public => "public",
        ConnectionType.SymmetricNat => "symmetric-NAT",
        ConnectionType.NotApplicable => "N/A",
        _ => "unknown",
    };
}
