namespace Ipv8.Bootstrapping;

/// <summary>A tracker given by host name and UDP port (py-ipv8 <c>dns_addresses</c> entry).</summary>
/// <param name="Host">The host name to resolve (IPv4 results preferred).</param>
/// <param name="Port">The tracker's UDP port.</param>
public readonly record struct DnsAddress(string Host, ushort Port)
{
    /// <summary>Returns <c>host:port</c>.</summary>
    public override string ToString() => $"{Host}:{Port}";
}
