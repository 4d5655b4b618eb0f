namespace Ipv8.Connectivity.Stun;

/// <summary>STUN message types of the Binding method (RFC 8489 §5, §18.2).</summary>
public static class StunMessageType
{
    /// <summary>Binding request (0x0001).</summary>
    public const ushort BindingRequest = 0x0001;

    /// <summary>Binding success response (0x0101).</summary>
    public const ushort BindingSuccessResponse = 0x0101;

    /// <summary>Binding error response (0x0111).</summary>
    public const ushort BindingErrorResponse = 0x0111;
}
