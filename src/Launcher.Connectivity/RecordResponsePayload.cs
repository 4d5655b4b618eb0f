using Ipv8.Connectivity.Reachability;
using Ipv8.Messaging;

namespace Launcher.Connectivity;

/// <summary>Message 2 of <see cref="RecordExchangeCommunity"/>: <c>I</c> the request's nonce and <c>varlenH</c> the sender's signed reachability record (at most <see cref="ReachabilityRecord.MaxEncodedLength"/> bytes).</summary>
/// <param name="Nonce">The request's nonce.</param>
/// <param name="Record">The encoded record.</param>
internal readonly record struct RecordResponsePayload(uint Nonce, ReadOnlyMemory<byte> Record) : IPayload<RecordResponsePayload>
{
    public const byte MessageId = 2;

    public void Write(ref PacketWriter writer)
    {
        writer.WriteUInt32(Nonce);
        writer.WriteVarLenH(Record.Span);
    }

    public static bool TryRead(ref PacketReader reader, out RecordResponsePayload payload)
    {
        payload = default;
        if (!reader.TryReadUInt32(out var nonce) || !reader.TryReadVarLenH(out var record) || record.Length > ReachabilityRecord.MaxEncodedLength)
            return false;
        payload = new RecordResponsePayload(nonce, record.ToArray());
        return true;
    }
}
