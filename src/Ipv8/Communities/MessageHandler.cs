using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>
/// Handles one received datagram of a community (the whole datagram, header included). Runs under
/// <see cref="Peers.Network.SyncRoot"/>; the span is only valid during the call. Exceptions are caught, logged
/// and counted as <see cref="DropReason.HandlerFailed"/> by the community.
/// </summary>
public delegate void MessageHandler(UdpAddress source, ReadOnlySpan<byte> datagram);
