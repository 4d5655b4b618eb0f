using Ipv8.Connectivity.Ladder;
using Ipv8.Messaging;

namespace Ipv8.Connectivity.Signalling;

/// <summary>Message 2 of <see cref="SignallingCommunity"/>, the answer to a connection request (signed by the answering node): <c>I</c> identifier echoed and the reply body.</summary>
/// <param name="Identifier">The request identifier (random, chosen by the requester).</param>
/// <param name="Reply">The body.</param>
internal readonly record struct ConnectReplyPayload(uint Identifier, SignalReply Reply) : IPayload<ConnectReplyPayload>
{
    public const byte MessageId = 2;

    public void Write(ref PacketWriter writer)
    {
        writer.WriteUInt32(Identifier);
        SignalCodec.Write(ref writer, Reply);
    }

    public static bool TryRead(ref PacketReader reader, out ConnectReplyPayload payload)
    {
        payload = default;
        if (!reader.TryReadUInt32(out var identifier) || !SignalCodec.TryRead(ref reader, out SignalReply body))
            return false;
        payload = new ConnectReplyPayload(identifier, body);
        return true;
    }
}
