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
}
