using System.Net;

namespace Ipv8.Messaging;

/// <summary>
/// The value of an <c>address</c> field (spec §2): either an IP address with a port (type bytes 0x01 and
/// 0x03, as in <c>ip_address</c>) or a host name with a port (type byte 0x02). Value equality.
/// </summary>
public readonly struct HostAddress : IEquatable<HostAddress>
{
    private readonly UdpAddress _ip;
    private readonly string? _hostName;

    private HostAddress(UdpAddress ip, string? hostName)
    {
        _ip = ip;
        _hostName = hostName;
    }

    /// <summary>Gets a value indicating whether this is a host name rather than an IP address.</summary>
    public bool IsHostName => _hostName is not null;

    /// <summary>Gets the host name, or null for an IP address.</summary>
    public string? HostName => _hostName;

    /// <summary>Gets the IP address and port; for a host name only the port is meaningful (IP <c>0.0.0.0</c>).</summary>
    public UdpAddress IpAddress => _ip;

    /// <summary>Gets the port.</summary>
    public ushort Port => _ip.Port;

    /// <summary>Wraps an IP address.</summary>
    public static HostAddress FromIp(UdpAddress address) => new(address, null);

    /// <summary>
    /// Creates an address from a host text and a port. Like py-ipv8's packer, an IPv4 literal becomes an
    /// IPv4 address and an IPv6 literal an IPv6 address; anything else stays a host name.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="host"/> is empty.</exception>
    public static HostAddress FromHost(string host, ushort port)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        if (IPAddress.TryParse(host, out var ip))
        {
            return new(UdpAddress.From(ip, port), null);
        }

        return new(UdpAddress.Zero.WithPort(port), host);
    }

    /// <summary>Wraps an IP address.</summary>
    public static implicit operator HostAddress(UdpAddress address) => FromIp(address);

    /// <summary>Value equality.</summary>
    public static bool operator ==(HostAddress left, HostAddress right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(HostAddress left, HostAddress right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(HostAddress other) => _ip == other._ip && string.Equals(_hostName, other._hostName, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is HostAddress other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_ip, _hostName is null ? 0 : StringComparer.Ordinal.GetHashCode(_hostName));

    /// <summary>Returns <c>host:port</c> or the IP address text.</summary>
    public override string ToString() => _hostName is null ? _ip.ToString() : $"{_hostName}:{_ip.Port}";

    /// <summary>Same as <see cref="FromIp"/> (named alternative for the implicit conversion).</summary>
    public static HostAddress ToHostAddress(UdpAddress address) => FromIp(address);
}
