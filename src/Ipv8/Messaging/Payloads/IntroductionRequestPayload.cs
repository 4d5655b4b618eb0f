namespace Ipv8.Messaging.Payloads;

/// <summary>
/// Introduction-request, old IPv4-only format, message id 246 (spec §5.2): <c>ipv4 ipv4 ipv4 bits H raw</c>.
/// Signed, with global time.
/// </summary>
/// <remarks>
/// Flags as py-ipv8 writes them: ct0, ct1, <paramref name="SupportsNewStyle"/>, 0, 0, 0, 0, <paramref name="Advice"/>.
/// <b>Quirk</b> (kept for compatibility): decoding inverts advice, so a request written with
/// <c>Advice = true</c> reads back with <c>Advice = false</c>. The unused flags are dropped on decode.
/// </remarks>
/// <param name="DestinationAddress">The address the request is sent to, as the sender sees it.</param>
/// <param name="SourceLanAddress">The sender's estimated LAN address.</param>
/// <param name="SourceWanAddress">The sender's estimated WAN address.</param>
/// <param name="Advice">The advice flag (py-ipv8 sends true; decodes inverted).</param>
/// <param name="ConnectionType">The sender's connection type (py-ipv8 sends unknown).</param>
/// <param name="Identifier">Global time mod 65 536.</param>
/// <param name="ExtraBytes">Trailing raw bytes (py-ipv8 sends none; keep under 21 bytes, spec §7.3).</param>
/// <param name="SupportsNewStyle">Flag 0x20 (py-ipv8 never sets it in what it sends).</param>
public readonly record struct IntroductionRequestPayload(
    UdpAddress DestinationAddress,
    UdpAddress SourceLanAddress,
    UdpAddress SourceWanAddress,
    bool Advice,
    ConnectionType ConnectionType,
    ushort Identifier,
    ReadOnlyMemory<byte> ExtraBytes = default,
    bool SupportsNewStyle = false) : IPayload<IntroductionRequestPayload>
{
    /// <summary>The message id (246).</summary>
    public const byte MessageId = MessageIds.IntroductionRequest;

    /// <summary>The body length without extra bytes.</summary>
    public const int FixedLength = 21;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteIPv4Address(DestinationAddress);
        writer.WriteIPv4Address(SourceLanAddress);
        writer.WriteIPv4Address(SourceWanAddress);
        var flags = ConnectionTypeEncoding.ToFlags(ConnectionType)
                    | (SupportsNewStyle ? (int)IntroductionRequestFlags.SupportsNewStyle : 0)
                    | (Advice ? (int)IntroductionRequestFlags.Advice : 0);
        writer.WriteBits((byte)flags);
        writer.WriteUInt16(Identifier);
        writer.WriteBytes(ExtraBytes.Span);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out IntroductionRequestPayload payload)
    {
        payload = default;
        if (!reader.TryReadIPv4Address(out var destination)
            || !reader.TryReadIPv4Address(out var lan)
            || !reader.TryReadIPv4Address(out var wan)
            || !reader.TryReadBits(out var flags)
            || !reader.TryReadUInt16(out var identifier))
        {
            return false;
        }

        var f = (IntroductionRequestFlags)flags;
        payload = new IntroductionRequestPayload(
            destination,
            lan,
            wan,
            Advice: (f & IntroductionRequestFlags.Advice) == 0,
            ConnectionTypeEncoding.FromFlags(flags),
            identifier,
            PayloadBytes.Copy(reader.ReadRest()),
            SupportsNewStyle: (f & IntroductionRequestFlags.SupportsNewStyle) != 0);
        return true;
    }
}
