namespace Ipv8.Connectivity.Nat;

/// <summary>A NAT's behaviour as far as the samples showed it.</summary>
/// <param name="Mapping">The mapping behaviour.</param>
/// <param name="Filtering">The filtering behaviour.</param>
/// <param name="Allocation">The port allocation behaviour.</param>
/// <param name="PortDelta">The step between consecutive new mappings when <paramref name="Allocation"/> is <see cref="PortAllocation.Sequential"/>, else 0.</param>
public sealed record NatClass(NatMapping Mapping, NatFiltering Filtering, PortAllocation Allocation, int PortDelta)
{
    /// <summary>Gets the class of a node that knows nothing about its NAT yet.</summary>
    public static NatClass Unknown { get; } = new(NatMapping.Unknown, NatFiltering.Unknown, PortAllocation.Unknown, 0);

    /// <inheritdoc/>
    public override string ToString() =>
        Allocation == PortAllocation.Sequential
            ? $"mapping={Mapping} filtering={Filtering} allocation={Allocation}({PortDelta:+0;-0})"
            : $"mapping={Mapping} filtering={Filtering} allocation={Allocation}";
}
