namespace Ipv8.Messaging;

/// <summary>
/// A message payload that serializes itself with the IPv8 format codes. Implemented by every built-in
/// payload and by application ("dataclass-style") payloads; used by the <c>payload</c> and
/// <c>payload-list</c> codes and by <see cref="MessageFraming"/>.
/// </summary>
/// <remarks>
/// The dataclass field mapping of py-ipv8 (spec §2) is: bool → <see cref="PacketWriter.WriteBool"/>,
/// int → <see cref="PacketWriter.WriteInt64"/>, float → <see cref="PacketWriter.WriteDouble"/>,
/// bytes → <see cref="PacketWriter.WriteVarLenH"/>, str → <see cref="PacketWriter.WriteVarLenHUtf8"/>,
/// list of bool/int/float → <c>WriteArrayH*</c>, nested payload → <see cref="PacketWriter.WritePayload{TPayload}"/>,
/// list of nested → <see cref="PacketWriter.WritePayloadList{TPayload}"/>; each with the matching
/// <c>TryRead*</c> on <see cref="PacketReader"/>. Implement as a struct to keep the hot path allocation-free.
/// </remarks>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IPayload<TSelf>
    where TSelf : IPayload<TSelf>
{
    /// <summary>Writes the fields in wire order.</summary>
    /// <exception cref="InvalidOperationException">The buffer is too small.</exception>
    void Write(ref PacketWriter writer);

    /// <summary>
    /// Reads the fields in wire order. Returns false (never throws) when the bytes are too short or a field
    /// is invalid; the reader's <see cref="PacketReader.Failure"/> says why. Leftover bytes are left unread
    /// (callers that require an exact fit check <see cref="PacketReader.IsAtEnd"/>).
    /// </summary>
    static abstract bool TryRead(ref PacketReader reader, out TSelf payload);
}
