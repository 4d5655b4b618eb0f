using Ipv8.Messaging;

namespace Ipv8.Bootstrapping;

/// <summary>Settings of a <see cref="DispersyBootstrapper"/> (py-ipv8 <c>DispersyBootstrapper</c> init arguments, spec 9.2).</summary>
public sealed record DispersyBootstrapperOptions
{
    /// <summary>Gets the tracker addresses given as IP and port (py-ipv8 <c>ip_addresses</c>). Default none.</summary>
    public IReadOnlyList<UdpAddress> IpAddresses { get; init; } = [];

    /// <summary>Gets the trackers given by host name and port (py-ipv8 <c>dns_addresses</c>). Default none.</summary>
    public IReadOnlyList<DnsAddress> DnsAddresses { get; init; } = [];

    /// <summary>Gets the minimum time between two rounds of walking to every tracker (py-ipv8 <c>bootstrap_timeout</c>). Default 30 s.</summary>
    public TimeSpan BootstrapTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how long one resolution of all names may take before it is abandoned until the next round. Default 10 s.</summary>
    public TimeSpan ResolveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is negative (bootstrap) or not positive (resolve), or a port is 0.</exception>
    /// <exception cref="ArgumentException">A host name is empty.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(IpAddresses);
        ArgumentNullException.ThrowIfNull(DnsAddresses);
        ArgumentOutOfRangeException.ThrowIfLessThan(BootstrapTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ResolveTimeout, TimeSpan.Zero);
        foreach (var address in IpAddresses)
        {
            ArgumentOutOfRangeException.ThrowIfZero(address.Port, nameof(IpAddresses));
        }

        foreach (var dns in DnsAddresses)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(dns.Host, nameof(DnsAddresses));
            ArgumentOutOfRangeException.ThrowIfZero(dns.Port, nameof(DnsAddresses));
        }
    }
}
