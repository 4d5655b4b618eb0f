using System.Net;

namespace Ipv8.Connectivity.Nat;

/// <summary>The result of <see cref="NatClassifier.Classify"/>: the class, the public addresses seen, and why.</summary>
/// <param name="Class">The NAT class.</param>
/// <param name="PublicAddresses">Distinct public IP addresses the reflectors saw, in first-seen order.</param>
/// <param name="Evidence">One human-readable line per conclusion (or per reason it stayed unknown).</param>
public sealed record NatClassification(NatClass Class, IReadOnlyList<IPAddress> PublicAddresses, IReadOnlyList<string> Evidence);
