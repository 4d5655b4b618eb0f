namespace Ipv8.Messaging.Payloads;

/// <summary>The <c>bits</c> flags byte of introduction requests (spec §5.2, §5.3); the first flag is 0x80.</summary>
[Flags]
public enum IntroductionRequestFlags : byte
{
    /// <summary>No flag set (what py-ipv8 sends in new-format requests).</summary>
    None = 0,

    /// <summary>0x01: advice. py-ipv8 sets it in old-format requests (and inverts it when decoding them).</summary>
    Advice = 0x01,

    /// <summary>0x02: sync (unused).</summary>
    Sync = 0x02,

    /// <summary>0x04: tunnel (unused).</summary>
    Tunnel = 0x04,

    /// <summary>0x08: dflag2 (unused).</summary>
    DFlag2 = 0x08,

    /// <summary>0x10: dflag1 (unused).</summary>
    DFlag1 = 0x10,

    /// <summary>0x20: the sender supports the new (234/233) formats.</summary>
    SupportsNewStyle = 0x20,

    /// <summary>0x40: connection type bit 1.</summary>
    ConnectionType1 = 0x40,

    /// <summary>0x80: connection type bit 0.</summary>
    ConnectionType0 = 0x80,
}
