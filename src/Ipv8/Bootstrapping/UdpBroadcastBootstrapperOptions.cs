using System.Net;
using Ipv8.Messaging;

namespace Ipv8.Bootstrapping;

/// <summary>Settings of a <see cref="UdpBroadcastBootstrapper"/> (spec 9.3).</summary>
public sealed record UdpBroadcastBootstrapperOptions : IValidatableOptions
{
    /// <summary>The default beacon (and bind) port range: 8190 to 8199.</summary>
    public static readonly PortRange DefaultBeaconPorts = new(8190, 8199);

    /// <summary>
    /// Gets the IPv4 broadcast address probes are sent to. Default <c>127.255.255.255</c> (loopback, safe for tests and
    /// demos); real LAN deployments set <c>255.255.255.255</c> (py-ipv8's value) or their subnet's broadcast address.
    /// </summary>
    public IPAddress BroadcastAddress { get; init; } = IPAddress.Parse("127.255.255.255");

    /// <summary>
    /// Gets the ports every beacon probes (one 29-byte datagram per port). Default <see cref="DefaultBeaconPorts"/>
    /// (10 ports). <see cref="PortRange.All"/> reproduces py-ipv8 (65 535 datagrams per beacon), which is abusive on a
    /// shared LAN; it is needed only to reach peers whose broadcast sockets use ephemeral ports.
    /// </summary>
    public PortRange BeaconPorts { get; init; } = DefaultBeaconPorts;

    /// <summary>
    /// Gets the local IPv4 address the broadcast socket binds. Default <see cref="IPAddress.Any"/>: on Linux only
    /// sockets bound to the wildcard (or to the broadcast address) receive broadcasts.
    /// </summary>
    public IPAddress LocalAddress { get; init; } = IPAddress.Any;

    /// <summary>
    /// Gets the local port: null (default) binds the first free port of <see cref="BeaconPorts"/> (without SO_REUSEADDR,
    /// so peers on one host take distinct ports), else an ephemeral one; 0 binds an ephemeral port (py-ipv8); any other
    /// value binds exactly that port.
    /// </summary>
    public int? LocalPort { get; init; }

    /// <summary>Gets a value indicating whether SO_REUSEADDR is set when <see cref="LocalPort"/> is given (py-ipv8 sets it). Default true.</summary>
    public bool ReuseAddress { get; init; } = true;

    /// <summary>Gets the minimum time between two beacons from <see cref="IBootstrapper.GetAddressesAsync"/> (py-ipv8 <c>bootstrap_timeout</c>). Default 30 s.</summary>
    public TimeSpan BootstrapTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets how many probes per second are answered with a walk (each walk sends a signed introduction-request, larger
    /// than the 29-byte probe, so this caps what spoofed probes can reflect). Default 10.
    /// </summary>
    public int MaxWalksPerSecond { get; init; } = 10;

    /// <summary>Gets a filter on source addresses: datagrams from sources it rejects are dropped. Default null (accept all).</summary>
    public Func<UdpAddress, bool>? SourceFilter { get; init; }

    /// <summary>Gets the factory of the broadcast socket; default <see cref="UdpBroadcastSocketFactory"/>.</summary>
    public IBroadcastSocketFactory? SocketFactory { get; init; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <summary>Throws for the first setting out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A port, range, rate or timeout is out of range, or an address is not IPv4.</exception>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check()
    {
        var checks = new OptionChecks()
            .Require(BroadcastAddress?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork, BroadcastAddress?.ToString() ?? "null", nameof(BroadcastAddress), "broadcast_address", "must be an IPv4 address (UDP broadcast bootstrapping is IPv4 only)")
            .Require(LocalAddress?.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork, LocalAddress?.ToString() ?? "null", nameof(LocalAddress), "local_address", "must be an IPv4 address (UDP broadcast bootstrapping is IPv4 only)")
            .Require(BeaconPorts.First >= 0 && BeaconPorts.Last <= ushort.MaxValue && BeaconPorts.First <= BeaconPorts.Last, BeaconPorts, nameof(BeaconPorts), "beacon_ports", "must be a range of ports with first <= last within 0..65535")
            .NotNegative(BootstrapTimeout, nameof(BootstrapTimeout), "bootstrap_timeout")
            .AtLeast(MaxWalksPerSecond, 1, nameof(MaxWalksPerSecond), "max_walks_per_second");
        if (LocalPort is { } port)
        {
            checks.InRange(port, 0, ushort.MaxValue, nameof(LocalPort), "local_port");
        }

        return checks;
    }
}
