namespace Ipv8.Messaging;

/// <summary>
/// The NAT connection type carried in two flag bits of old-format messages (spec §5.1). py-ipv8 always
/// sends <see cref="Unknown"/>.
/// </summary>
public enum ConnectionType
{
    /// <summary>Bits (0,0): "unknown".</summary>
    Unknown,

    /// <summary>Bits (1,0): "public".</summary>
    Public,

    /// <summary>Bits (1,1): "symmetric-NAT".</summary>
    SymmetricNat,

    /// <summary>Bits (0,1): decodes as "N/A"; written back as (0,1) so it round-trips.</summary>
    NotApplicable,
}
