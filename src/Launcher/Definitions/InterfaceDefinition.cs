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

    /// <summary>Where this interface was declared.</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <inheritdoc />
    public bool Equals(InterfaceDefinition? other) =>
        other is not null && Interface == other.Interface && Ip == other.Ip && Port == other.Port;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Interface, Ip, Port);
}
