namespace Ipv8.Connectivity.Turn;

/// <summary>
/// TURN methods (RFC 8656 §17, RFC 6062 §6.1) and the message-type arithmetic of RFC 8489 §5: all methods
/// here are below 0x10, so a type is the method ORed with the class bits (request 0x000, indication 0x010,
/// success 0x100, error 0x110).
/// </summary>
public static class TurnMethod
{
    /// <summary>Binding (0x001).</summary>
    public const ushort Binding = 0x001;

    /// <summary>Allocate (0x003).</summary>
    public const ushort Allocate = 0x003;

    /// <summary>Refresh (0x004).</summary>
    public const ushort Refresh = 0x004;

    /// <summary>Send (0x006, indication only).</summary>
    public const ushort Send = 0x006;

    /// <summary>Data (0x007, indication only).</summary>
    public const ushort Data = 0x007;

    /// <summary>CreatePermission (0x008).</summary>
    public const ushort CreatePermission = 0x008;

    /// <summary>ChannelBind (0x009).</summary>
    public const ushort ChannelBind = 0x009;

    /// <summary>Connect (0x00A, RFC 6062).</summary>
    public const ushort Connect = 0x00A;

    /// <summary>ConnectionBind (0x00B, RFC 6062).</summary>
    public const ushort ConnectionBind = 0x00B;

    /// <summary>ConnectionAttempt (0x00C, RFC 6062, indication only).</summary>
    public const ushort ConnectionAttempt = 0x00C;

    /// <summary>Class bits of an indication.</summary>
    public const ushort IndicationClass = 0x010;

    /// <summary>Class bits of a success response.</summary>
    public const ushort SuccessClass = 0x100;

    /// <summary>Class bits of an error response.</summary>
    public const ushort ErrorClass = 0x110;

    /// <summary>Gets the method of a message type (class bits removed).</summary>
    public static ushort MethodOf(ushort type) => (ushort)(type & ~ErrorClass & 0x3FFF);

    /// <summary>Gets the class bits of a message type (0, <see cref="IndicationClass"/>, <see cref="SuccessClass"/> or <see cref="ErrorClass"/>).</summary>
    public static ushort ClassOf(ushort type) => (ushort)(type & ErrorClass);

    /// <summary>Gets a readable name for a method, for error messages.</summary>
    public static string NameOf(ushort method) => method switch
    {
        Binding => "Binding",
        Allocate => "Allocate",
        Refresh => "Refresh",
        Send => "Send",
        Data => "Data",
        CreatePermission => "CreatePermission",
        ChannelBind => "ChannelBind",
        Connect => "Connect",
        ConnectionBind => "ConnectionBind",
        ConnectionAttempt => "ConnectionAttempt",
        _ => $"method 0x{method:x3}",
    };
}
