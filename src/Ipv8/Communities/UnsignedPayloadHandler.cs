using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>Handles a parsed unsigned message (spec 3.3); only the source address is known. Runs under <see cref="Peers.Network.SyncRoot"/>.</summary>
/// <typeparam name="TPayload">The payload type.</typeparam>
public delegate void UnsignedPayloadHandler<TPayload>(UdpAddress source, ulong globalTime, TPayload payload);
