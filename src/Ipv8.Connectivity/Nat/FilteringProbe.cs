namespace Ipv8.Connectivity.Nat;

/// <summary>The result of one RFC 5780 filtering test: a binding request asking the server to answer from another IP and/or port.</summary>
/// <param name="ChangeIp">The request asked for an answer from the server's other IP address.</param>
/// <param name="ChangePort">The request asked for an answer from the server's other port.</param>
/// <param name="Answered">An answer arrived.</param>
public sealed record FilteringProbe(bool ChangeIp, bool ChangePort, bool Answered);
