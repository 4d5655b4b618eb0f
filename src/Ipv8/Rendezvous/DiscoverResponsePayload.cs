using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>
/// DISCOVER_RESPONSE, message id 5 (signed, no global time): <c>I</c> the DISCOVER's identifier, <c>H</c> status,
/// <c>varlenH</c> next cookie (empty: no more pages), <c>B</c> record count and that many <see cref="SignedPeerRecord"/>s.
/// The point fills each response up to its datagram limit (at most 1,400 bytes).
/// </summary>
/// <param name="Identifier">The identifier of the DISCOVER answered.</param>
/// <param name="Status">The status.</param>
/// <param name="Cookie">The cookie for the next page, or empty.</param>
/// <param name="Records">The records of this page.</param>
public readonly record struct DiscoverResponsePayload(uint Identifier, RegistrationStatus Status, ReadOnlyMemory<byte> Cookie, IReadOnlyList<SignedPeerRecord> Records) : IPayload<DiscoverResponsePayload>
{
    /// <summary>The message id (5).</summary>
    public const byte MessageId = 5;

    /// <summary>The bytes the fields other than the records take, for a cookie of <paramref name="cookieLength"/> bytes.</summary>
    /// <param name="cookieLength">The cookie length.</param>
    /// <returns>The fixed size.</returns>
    public static int FixedSize(int cookieLength) => 4 + 2 + 2 + cookieLength + 1;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteUInt32(Identifier);
        writer.WriteUInt16((ushort)Status);
        writer.WriteVarLenH(Cookie.Span);
        writer.WriteByte((byte)Records.Count);
        foreach (var record in Records)
        {
            record.Write(ref writer);
        }
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out DiscoverResponsePayload payload)
    {
        payload = default;
        if (!reader.TryReadUInt32(out var identifier) || !reader.TryReadUInt16(out var status) || !reader.TryReadVarLenH(out var cookie) || !reader.TryReadByte(out var count))
        {
            return false;
        }

        if (cookie.Length > DiscoverPayload.MaxCookieBytes)
        {
            return reader.Fail(DropReason.OversizedField);
        }

        var records = new SignedPeerRecord[count];
        for (var i = 0; i < count; i++)
        {
            if (!SignedPeerRecord.TryRead(ref reader, out records[i]))
            {
                return false;
            }
        }

        payload = new DiscoverResponsePayload(identifier, (RegistrationStatus)status, cookie.ToArray(), records);
        return true;
    }
}
