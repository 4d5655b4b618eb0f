using Ipv8.Messaging;

namespace Launcher.Connectivity;

/// <summary>Message 1 of <see cref="RecordExchangeCommunity"/>: "send me your reachability record", <c>I</c> a random nonce echoed in the answer.</summary>
/// <param name="Nonce">Matches the answer to the request.</param>
internal readonly record struct RecordRequestPayload(uint Nonce) : IPayload<RecordRequestPayload>
{
    public const byte MessageId = 1;

    public void Write(ref PacketWriter writer) => writer.WriteUInt32(Nonce);

    public static bool TryRead(ref PacketReader reader, out RecordRequestPayload payload)
    {
        payload = default;
        if (!reader.TryReadUInt32(out var nonce))
            return false;
        payload = new RecordRequestPayload(nonce);
        return true;
    }
}
