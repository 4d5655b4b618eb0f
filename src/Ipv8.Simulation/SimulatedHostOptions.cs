namespace Ipv8.Simulation;

/// <summary>Where a new <see cref="SimulatedEndpoint"/> lives on a <see cref="SimulatedNetwork"/>.</summary>
/// <remarks>
/// Precedence: <see cref="SameHostAs"/>, then <see cref="Nat"/>, then <see cref="NatType"/>. With none of
/// them the host gets a fresh public address.
/// </remarks>
public sealed record SimulatedHostOptions
{
    /// <summary>Gets the NAT type of a new NAT created for this host alone. Default <see cref="Simulation.NatType.None"/> (public host).</summary>
    public NatType NatType { get; init; } = NatType.None;

    /// <summary>Gets an existing NAT to put the host behind (hosts behind one NAT share its public IP and see each other's private addresses).</summary>
    public SimulatedNat? Nat { get; init; }

    /// <summary>Gets an endpoint whose IP (and NAT) this one shares: a second socket on the same machine. It needs another port.</summary>
    public SimulatedEndpoint? SameHostAs { get; init; }

    /// <summary>
    /// Gets the port to bind; 0 picks <see cref="SimulatedNetworkOptions.DefaultPort"/> on a new IP, or the
    /// next free port from 49 152 up on a shared one (<see cref="SameHostAs"/>).
    /// </summary>
    public ushort Port { get; init; }
}
