using System.Net;

namespace Ipv8.Connectivity.TestNode;

/// <summary>A host of the testbed: its namespace, its address and the NAT in front of it.</summary>
/// <param name="Name">The short role name (e.g. <c>pr1</c>).</param>
/// <param name="Namespace">The network namespace the host's processes run in.</param>
/// <param name="Address">The host's own address (private behind a NAT).</param>
/// <param name="Kind">The NAT in front of it.</param>
/// <param name="PublicAddress">The address the internet sees it at.</param>
public sealed record TestbedHost(string Name, string Namespace, IPAddress Address, NatKind Kind, IPAddress PublicAddress);
