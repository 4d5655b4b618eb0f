namespace Ipv8.Simulation;

/// <summary>Settings of a <see cref="SimulatedNetwork"/>. All randomness comes from <see cref="Seed"/>.</summary>
public sealed record SimulatedNetworkOptions
{
    /// <summary>Gets the seed of the network's random source (latency and loss). Same seed and same inputs, same run. Default 0.</summary>
    public int Seed { get; init; }

    /// <summary>Gets the smallest one-way latency. Default 20 ms.</summary>
    public TimeSpan MinLatency { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// Gets the largest one-way latency; each datagram's latency is drawn uniformly between
    /// <see cref="MinLatency"/> and this, so datagrams may overtake each other when the two differ. Default 80 ms.
    /// </summary>
    public TimeSpan MaxLatency { get; init; } = TimeSpan.FromMilliseconds(80);

    /// <summary>Gets the probability (0 to 1) that a datagram is lost. Default 0.</summary>
    public double LossProbability { get; init; }

    /// <summary>Gets the most datagrams in flight at once; more are dropped as <see cref="SimulatedDropReason.QueueFull"/>. Default 1 000 000.</summary>
    public int MaxInFlight { get; init; } = 1_000_000;

    /// <summary>
    /// Gets how long a NAT mapping (and each permission to send back through it) lives without traffic.
    /// <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> means forever. Default 60 s.
    /// </summary>
    public TimeSpan NatMappingTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the port a host binds when its options leave the port at 0. Default 8090 (py-ipv8's default).</summary>
    public ushort DefaultPort { get; init; } = 8090;

    /// <summary>
    /// Gets the first public IPv4 address (as a 32-bit network-order value) handed out to public hosts and NATs.
    /// Default: the start of the network-benchmarking block of RFC 2544 (a /15), which is never routed publicly.
    /// </summary>
    public uint PublicAddressBase { get; init; } = 0xC612_0000;

    /// <summary>Gets how many public addresses may be handed out. Default 131 070.</summary>
    public int PublicAddressCount { get; init; } = 131_070;

    /// <summary>
    /// Gets the base of the private /8 from which NAT subnets are carved: NAT number n (0-based) gets the /24
    /// <c>base + n * 256</c> and its hosts .1 to .254. Default: the RFC 1918 ten-slash-eight block.
    /// </summary>
    public uint PrivateAddressBase { get; init; } = 0x0A00_0000;

    /// <summary>
    /// Gets the IPv4 address (port ignored) that acts as a broadcast address, or null for none (the default).
    /// A datagram sent to it on port p is delivered to every open endpoint bound to port p, with the sender's
    /// bound address as the source (one big LAN, no NAT translation).
    /// </summary>
    public Ipv8.Messaging.UdpAddress? BroadcastAddress { get; init; }

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A latency is negative, min exceeds max, a probability is outside [0, 1], or a size is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MinLatency, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLatency, MinLatency);
        ArgumentOutOfRangeException.ThrowIfLessThan(LossProbability, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LossProbability, 1.0);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxInFlight);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(PublicAddressCount);
        if (NatMappingTimeout != Timeout.InfiniteTimeSpan)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(NatMappingTimeout, TimeSpan.Zero);
        }
    }
}
