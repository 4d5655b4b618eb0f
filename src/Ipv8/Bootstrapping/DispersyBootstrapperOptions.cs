using Ipv8.Messaging;

namespace Ipv8.Bootstrapping;

/// <summary>Settings of a <see cref="DispersyBootstrapper"/> (py-ipv8 <c>DispersyBootstrapper</c> init arguments, spec 9.2).</summary>
public sealed record DispersyBootstrapperOptions : IValidatableOptions
{
    /// <summary>Gets the tracker addresses given as IP and port (py-ipv8 <c>ip_addresses</c>). Default none.</summary>
    public IReadOnlyList<UdpAddress> IpAddresses { get; init; } = [];

    /// <summary>Gets the trackers given by host name and port (py-ipv8 <c>dns_addresses</c>). Default none.</summary>
    public IReadOnlyList<DnsAddress> DnsAddresses { get; init; } = [];

    /// <summary>Gets the minimum time between two rounds of walking to every tracker (py-ipv8 <c>bootstrap_timeout</c>). Default 30 s.</summary>
    public TimeSpan BootstrapTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets how soon a round may follow the previous one while the overlay has no verified peer, so that the trackers are
    /// its only source of introductions (our addition, not in py-ipv8): the wait starts at this value and doubles with
    /// each further peerless round, up to <see cref="BootstrapTimeout"/>; a round with peers resets it. A newcomer that
    /// got no usable introduction asks again after 0.5, 1, 2, 4 s instead of waiting a whole <c>bootstrap_timeout</c>.
    /// Default 0.5 s; zero (or anything ≥ <see cref="BootstrapTimeout"/>) keeps py-ipv8's fixed interval; must be ≥ 0.
    /// </summary>
    public TimeSpan PeerlessRetry { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets how long one resolution of all names may take before it is abandoned until the next round. Default 10 s.</summary>
    public TimeSpan ResolveTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <summary>Throws for the first setting out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A timeout is negative (bootstrap) or not positive (resolve), a port is 0, or a host name is empty.</exception>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check()
    {
        var checks = new OptionChecks()
            .NotNegative(BootstrapTimeout, nameof(BootstrapTimeout), "bootstrap_timeout")
            .Positive(ResolveTimeout, nameof(ResolveTimeout), "resolve_timeout")
            .NotNegative(PeerlessRetry, nameof(PeerlessRetry), "peerless_retry");
        foreach (var address in IpAddresses ?? [])
        {
            checks.Require(address.Port != 0, address, nameof(IpAddresses), "ip_addresses", "must have a port other than 0");
        }

        foreach (var dns in DnsAddresses ?? [])
        {
            checks.Require(!string.IsNullOrWhiteSpace(dns.Host) && dns.Port != 0, dns, nameof(DnsAddresses), "dns_addresses", "must have a host name and a port other than 0");
        }

        return checks;
    }
}
