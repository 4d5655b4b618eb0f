namespace Ipv8.Messaging.Payloads;

/// <summary>
/// DiscoveryCommunity similarity-request, message id 1 (spec §7.1): <c>H ipv4 ipv4 bits raw</c>. Signed,
/// with global time. The raw tail is the concatenation of the sender's 20-byte community ids.
/// </summary>
/// <param name="Identifier">Claimed global time mod 65 536.</param>
/// <param name="LanAddress">The sender's estimated LAN address.</param>
/// <param name="WanAddress">The sender's estimated WAN address.</param>
/// <param name="ConnectionType">The connection type in flags 0x80/0x40 (py-ipv8 sends unknown); the other flags are 0.</param>
/// <param name="PreferenceList">
/// The community ids, written back to back. On decode the tail is split into 20-byte chunks as py-ipv8
/// does (a shorter last chunk is kept as is).
/// </param>
public readonly record struct SimilarityRequestPayload(
    ushort Identifier,
    UdpAddress LanAddress,
    UdpAddress WanAddress,
    ConnectionType ConnectionType,
    IReadOnlyList<ReadOnlyMemory<byte>> PreferenceList) : IPayload<SimilarityRequestPayload>
{
    /// <summary>The message id (1).</summary>
    public const byte MessageId = MessageIds.SimilarityRequest;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteUInt16(Identifier);
        writer.WriteIPv4Address(LanAddress);
        writer.WriteIPv4Address(WanAddress);
        writer.WriteBits(ConnectionTypeEncoding.ToFlags(ConnectionType));
        var list = PreferenceList ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            writer.WriteBytes(list[i].Span);
        }
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out SimilarityRequestPayload payload)
    {
        payload = default;
        if (!reader.TryReadUInt16(out var identifier)
            || !reader.TryReadIPv4Address(out var lan)
            || !reader.TryReadIPv4Address(out var wan)
            || !reader.TryReadBits(out var flags))
        {
            return false;
        }

        var rest = reader.ReadRest();
        var ids = new ReadOnlyMemory<byte>[(rest.Length + 19) / 20];
        for (var i = 0; i < ids.Length; i++)
        {
            var start = i * 20;
            ids[i] = rest.Slice(start, Math.Min(20, rest.Length - start)).ToArray();
        }

        payload = new SimilarityRequestPayload(identifier, lan, wan, ConnectionTypeEncoding.FromFlags(flags), ids);
        return true;
    }
}
