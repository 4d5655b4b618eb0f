namespace Ipv8.Messaging.Payloads;

/// <summary>
/// DiscoveryCommunity similarity-response, message id 2 (spec §7.1): <c>H varlenHx20 raw</c>. Signed, with
/// global time.
/// </summary>
/// <param name="Identifier">Copied from the request.</param>
/// <param name="PreferenceList">The responder's 20-byte community ids (u16 count on the wire).</param>
/// <param name="TbOverlap">Raw 24-byte records (20-byte id ‖ u32); py-ipv8 sends none and ignores them.</param>
public readonly record struct SimilarityResponsePayload(
    ushort Identifier,
    IReadOnlyList<ReadOnlyMemory<byte>> PreferenceList,
    ReadOnlyMemory<byte> TbOverlap = default) : IPayload<SimilarityResponsePayload>
{
    /// <summary>The message id (2).</summary>
    public const byte MessageId = MessageIds.SimilarityResponse;

    /// <inheritdoc/>
    /// <exception cref="InvalidOperationException">The buffer is too small, a preference list entry is not 20 bytes, or there are more than 65 535.</exception>
    public void Write(ref PacketWriter writer)
    {
        var list = PreferenceList ?? [];
        if (list.Count > ushort.MaxValue)
        {
            throw new InvalidOperationException("Too many community ids for a varlenHx20 field.");
        }

        writer.WriteUInt16(Identifier);
        writer.WriteUInt16((ushort)list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Length != CommunityPrefix.CommunityIdLength)
            {
                throw new InvalidOperationException("Every community id has 20 bytes.");
            }

            writer.WriteBytes(list[i].Span);
        }

        writer.WriteBytes(TbOverlap.Span);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out SimilarityResponsePayload payload)
    {
        payload = default;
        if (!reader.TryReadUInt16(out var identifier) || !reader.TryReadVarLenHx20(out var units))
        {
            return false;
        }

        var ids = new ReadOnlyMemory<byte>[units.Length / 20];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = units.Slice(i * 20, 20).ToArray();
        }

        payload = new SimilarityResponsePayload(identifier, ids, PayloadBytes.Copy(reader.ReadRest()));
        return true;
    }
}
