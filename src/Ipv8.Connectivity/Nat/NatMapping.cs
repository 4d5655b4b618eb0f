namespace Ipv8.Connectivity.Nat;

/// <summary>How a NAT maps one local endpoint to public endpoints (RFC 4787 §4.1).</summary>
public enum NatMapping
{
    /// <summary>Not enough samples to tell.</summary>
    Unknown = 0,

    /// <summary>Every reflector saw the local endpoint itself: no address translation.</summary>
    NoNat,

    /// <summary>One public endpoint per local endpoint, whatever the destination ("full cone" family).</summary>
    EndpointIndependent,

    /// <summary>A new public endpoint per destination IP address.</summary>
    AddressDependent,

    /// <summary>A new public endpoint per destination IP address and port ("symmetric").</summary>
    AddressAndPortDependent,
}
