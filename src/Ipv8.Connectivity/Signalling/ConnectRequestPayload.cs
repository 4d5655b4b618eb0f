using Ipv8.Connectivity.Ladder;
using Ipv8.Messaging;

namespace Ipv8.Connectivity.Signalling;

/// <summary>Message 1 of <see cref="SignallingCommunity"/>, a connection request (signed by the requester, no global time): <c>I</c> identifier and the request body (see <see cref="SignalCodec"/>).</summary>
/// <param name="Identifier">The request identifier (random, chosen by the requester).</param>
/// <param name="Request">The body.</param>
internal readonly record struct ConnectRequestPayload(uint Identifier, SignalRequest Request) : IPayload<ConnectRequestPayload>
{
    public const byte MessageId = 1;

    public void Write(ref PacketWriter writer)
    {
        writer.WriteUInt32(Identifier);
        SignalCodec.Write(ref writer, Request);
    }

    public static bool TryRead(ref PacketReader reader, out ConnectRequestPayload payload)
    {
        payload = default;
        if (!reader.TryReadUInt32(out var identifier) || !SignalCodec.TryRead(ref reader, out SignalRequest body))
            return false;
        payload = new ConnectRequestPayload(identifier, body);
        return true;
    }
}
