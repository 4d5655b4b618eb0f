namespace Ipv8.Messaging;

/// <summary>The traffic an endpoint counts (<see cref="EndpointCounters"/>); reported as <c>endpoint_</c> + the snake_case name.</summary>
public enum EndpointCounter
{
    /// <summary>Datagrams received.</summary>
    PacketsIn,

    /// <summary>Bytes received.</summary>
    BytesIn,

    /// <summary>Datagrams sent.</summary>
    PacketsOut,

    /// <summary>Bytes sent.</summary>
    BytesOut,
}
