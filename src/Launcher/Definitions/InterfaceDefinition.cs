namespace Launcher.Definitions;

/// <summary>
/// A socket to open (py-ipv8 <c>interfaces</c> entry). Equality ignores <see cref="Origin"/>.
/// </summary>
public sealed record InterfaceDefinition
{
    /// <summary>The IPv4 interface kind name.</summary>
    public const string UdpIPv4 = "UDPIPv4";

    /// <summary>The IPv6 interface kind name.</summary>
    public const string UdpIPv6 = "UDPIPv6";

    /// <summary>Interface kind: <c>UDPIPv4</c> (default) or <c>UDPIPv6</c>.</summary>
    public string Interface { get; init; } = UdpIPv4;

    /// <summary>Address to bind. Default <c>0.0.0.0</c>.</summary>
    public string Ip { get; init; } = "0.0.0.0";

    /// <summary>Port to bind (0 = any). Default 8090.</summary>
    public int Port { get; init; } = 8090;

    /// <summary>
    /// Gets how many receive workers handle this socket's datagrams (<c>receive_workers</c>, 0 to 64; our extension): 0 handles
    /// them on the receive thread, N spreads sources over N ordered lanes. Null (default): the processor count (see
    /// <c>Ipv8.Messaging.UdpEndpointOptions.ReceiveWorkers</c>).
    /// </summary>
    public int? ReceiveWorkers { get; init; }

    /// <summary>Gets the requested socket receive buffer in bytes (<c>receive_buffer</c>; our extension; the OS may cap it). Null (default): 870,400.</summary>
    public int? ReceiveBuffer { get; init; }

    /// <summary>
    /// Gets how many <c>SO_REUSEPORT</c> sockets serve this interface's port (<c>receive_shards</c>, 1 to 64; our extension):
    /// above 1, each socket has its own receive thread that runs the handlers, and the kernel keeps each source on one
    /// socket, so handlers use up to that many cores without a hand-off (<c>Ipv8.Messaging.ReusePortUdpEndpoint</c>; Linux,
    /// elsewhere one socket; <see cref="ReceiveWorkers"/> is then not used). Null (default): 1, one socket received by the
    /// host's shared receive loop.
    /// </summary>
    public int? ReceiveShards { get; init; }

    /// <summary>Where this interface was declared.</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <inheritdoc />
    public bool Equals(InterfaceDefinition? other) =>
        other is not null && Interface == other.Interface && Ip == other.Ip && Port == other.Port
        && ReceiveWorkers == other.ReceiveWorkers && ReceiveBuffer == other.ReceiveBuffer && ReceiveShards == other.ReceiveShards;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Interface, Ip, Port, ReceiveWorkers, ReceiveBuffer, ReceiveShards);
}
