using Ipv8.Peers;

namespace Ipv8.Communities;

/// <summary>
/// Handles a parsed and verified signed message (spec 3.2). <paramref name="sender"/> is the verified peer with that
/// key (its address updated to the datagram's source), or a transient peer built from the key and the source address.
/// Runs under <see cref="Network.SyncRoot"/>.
/// </summary>
/// <typeparam name="TPayload">The payload type.</typeparam>
public delegate void SignedPayloadHandler<TPayload>(Peer sender, ulong globalTime, TPayload payload);
