namespace Ipv8.Messaging.Payloads;

/// <summary>The <c>bits</c> flags byte of new-format introduction responses (spec §5.5); the first flag is 0x80.</summary>
[Flags]
public enum NewIntroductionResponseFlags : byte
{
    /// <summary>No flag set.</summary>
    None = 0,

    /// <summary>0x01: flag7 (unused, sent 0).</summary>
    Flag7 = 0x01,

    /// <summary>0x02: flag6 (unused, sent 0).</summary>
    Flag6 = 0x02,

    /// <summary>0x04: flag5 (unused, sent 0).</summary>
    Flag5 = 0x04,

    /// <summary>0x08: flag4 (unused, sent 0).</summary>
    Flag4 = 0x08,

    /// <summary>0x10: flag3 (unused, sent 0).</summary>
    Flag3 = 0x10,

    /// <summary>0x20: flag2 (unused, sent 0).</summary>
    Flag2 = 0x20,

    /// <summary>0x40: flag1 (unused, sent 0).</summary>
    Flag1 = 0x40,

    /// <summary>0x80: the introduced peer supports the new formats.</summary>
    IntroSupportsNewStyle = 0x80,
}
