using System.Net;

namespace Ipv8.Connectivity.Turn;

/// <summary>One datagram a peer sent to the allocation's relayed address (UDP relay).</summary>
/// <param name="Peer">The peer's transport address as the relay saw it.</param>
/// <param name="Data">The payload.</param>
public sealed record TurnPeerData(IPEndPoint Peer, byte[] Data);
