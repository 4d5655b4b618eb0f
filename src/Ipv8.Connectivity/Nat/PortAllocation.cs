namespace Ipv8.Connectivity.Nat;

/// <summary>How a NAT chooses the public port of a new mapping.</summary>
public enum PortAllocation
{
    /// <summary>Not enough distinct mappings to tell.</summary>
    Unknown = 0,

    /// <summary>The public port equals the local port.</summary>
    Preserving,

    /// <summary>Each new mapping's port is the previous one plus a constant delta (<see cref="NatClass.PortDelta"/>).</summary>
    Sequential,

    /// <summary>No pattern: ports cannot be predicted.</summary>
    Random,
}
