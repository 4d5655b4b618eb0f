namespace Ipv8.Simulation;

/// <summary>The behaviour of a simulated NAT in front of one or more hosts (RFC 3489 terms).</summary>
public enum NatType
{
    /// <summary>No NAT: the host has a public address of its own.</summary>
    None,

    /// <summary>One external port per internal address; once mapped, anyone may send to it.</summary>
    FullCone,

    /// <summary>One external port per internal address; only IPs the host has sent to may send back (any port).</summary>
    AddressRestricted,

    /// <summary>One external port per internal address; only (IP, port) pairs the host has sent to may send back.</summary>
    PortRestricted,

    /// <summary>A new external port per destination (IP, port); only that destination may send back through it.</summary>
    Symmetric,
}
