namespace Ipv8.Simulation;

/// <summary>Why the simulated network did not deliver a datagram.</summary>
public enum SimulatedDropReason
{
    /// <summary>Lost at random (<see cref="SimulatedNetworkOptions.LossProbability"/>).</summary>
    Lost,

    /// <summary>More than <see cref="SimulatedNetworkOptions.MaxInFlight"/> datagrams were in flight.</summary>
    QueueFull,

    /// <summary>The destination NAT had a live mapping for the port, but its filter refused the source.</summary>
    NatFiltered,

    /// <summary>The destination NAT had no live mapping for the port (never created or expired).</summary>
    NatNoMapping,

    /// <summary>The sender's NAT had no free external port.</summary>
    NatPortsExhausted,

    /// <summary>No host has the destination address, or it is a private address behind another NAT.</summary>
    Unreachable,

    /// <summary>The destination endpoint was closed (stopped) when the datagram arrived.</summary>
    EndpointClosed,
}
