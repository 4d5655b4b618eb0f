namespace Ipv8.Connectivity.TestNode;

/// <summary>Where a testbed host sits.</summary>
public enum NatKind
{
    /// <summary>On the "internet" itself, no NAT, no firewall.</summary>
    Open,

    /// <summary>Behind an endpoint-independent mapping and filtering NAT (full cone, built from nftables sets).</summary>
    EndpointIndependent,

    /// <summary>Behind a port-preserving masquerade with conntrack filtering (port-restricted cone).</summary>
    PortRestricted,

    /// <summary>Behind <c>masquerade random</c>: a random public port per destination (symmetric).</summary>
    SymmetricRandom,

    /// <summary>
    /// Behind a NAT that gives each new connection the next public port (symmetric, sequential allocation, delta 1): nftables
    /// <c>snat to WAN : numgen inc mod N map { 0 : B, 1 : B+1, ... }</c>, one counter for TCP and one for UDP.
    /// </summary>
    SymmetricSequential,
}
