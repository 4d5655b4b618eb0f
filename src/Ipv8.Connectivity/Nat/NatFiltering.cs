namespace Ipv8.Connectivity.Nat;

/// <summary>Which inbound packets a NAT lets through to a mapping (RFC 4787 §5, tested as RFC 5780 §4.4 does).</summary>
public enum NatFiltering
{
    /// <summary>No filtering probes were run.</summary>
    Unknown = 0,

    /// <summary>Anyone may send to the mapping (answers from another IP and port arrived).</summary>
    EndpointIndependent,

    /// <summary>Only IP addresses the host sent to may answer (answers from another port of the same IP arrived).</summary>
    AddressDependent,

    /// <summary>Only the exact endpoints the host sent to may answer ("port-restricted").</summary>
    AddressAndPortDependent,
}
