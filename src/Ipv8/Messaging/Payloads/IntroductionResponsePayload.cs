namespace Ipv8.Messaging.Payloads;

/// <summary>
/// Introduction-response, old IPv4-only format, message id 245 (spec §5.4):
/// <c>ipv4 ipv4 ipv4 ipv4 ipv4 bits H raw</c>. Signed, with global time.
/// </summary>
/// <remarks>
/// Flags: 0x80 ct0, 0x40 ct1, 0x20 dflag0 (0), 0x10 <paramref name="SupportsNewStyle"/>,
/// 0x08 <paramref name="IntroSupportsNewStyle"/>, 0x04 <paramref name="PeerLimitReached"/>, 0x02/0x01 unused (0).
/// </remarks>
/// <param name="DestinationAddress">The requester's address as the responder sees it.</param>
/// <param name="SourceLanAddress">The responder's estimated LAN address.</param>
/// <param name="SourceWanAddress">The responder's estimated WAN address.</param>
/// <param name="LanIntroductionAddress">The introduced peer's LAN address, or <see cref="UdpAddress.Zero"/>.</param>
/// <param name="WanIntroductionAddress">The introduced peer's WAN address, or <see cref="UdpAddress.Zero"/>.</param>
/// <param name="ConnectionType">The responder's connection type (py-ipv8 sends unknown).</param>
/// <param name="Identifier">Copied from the request.</param>
/// <param name="SupportsNewStyle">Flag 0x10; py-ipv8 always sets it.</param>
/// <param name="IntroSupportsNewStyle">Flag 0x08: the introduced peer is known to be new-style.</param>
/// <param name="PeerLimitReached">Flag 0x04: the responder is at its peer limit.</param>
/// <param name="ExtraBytes">Trailing raw bytes (py-ipv8 sends none).</param>
public readonly record struct IntroductionResponsePayload(
    UdpAddress DestinationAddress,
    UdpAddress SourceLanAddress,
    UdpAddress SourceWanAddress,
    UdpAddress LanIntroductionAddress,
    UdpAddress WanIntroductionAddress,
    ConnectionType ConnectionType,
    ushort Identifier,
    bool SupportsNewStyle = true,
    bool IntroSupportsNewStyle = false,
    bool PeerLimitReached = false,
    ReadOnlyMemory<byte> ExtraBytes = default) : IPayload<IntroductionResponsePayload>
{
    /// <summary>The message id (245).</summary>
    public const byte MessageId = MessageIds.IntroductionResponse;

    private const int SupportsNewStyleBit = 0x10;
    private const int IntroSupportsNewStyleBit = 0x08;
    private const int PeerLimitReachedBit = 0x04;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteIPv4Address(DestinationAddress);
        writer.WriteIPv4Address(SourceLanAddress);
        writer.WriteIPv4Address(SourceWanAddress);
        writer.WriteIPv4Address(LanIntroductionAddress);
        writer.WriteIPv4Address(WanIntroductionAddress);
        var flags = ConnectionTypeEncoding.ToFlags(ConnectionType)
                    | (SupportsNewStyle ? SupportsNewStyleBit : 0)
                    | (IntroSupportsNewStyle ? IntroSupportsNewStyleBit : 0)
                    | (PeerLimitReached ? PeerLimitReachedBit : 0);
        writer.WriteBits((byte)flags);
        writer.WriteUInt16(Identifier);
        writer.WriteBytes(ExtraBytes.Span);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out IntroductionResponsePayload payload)
    {
        payload = default;
        if (!reader.TryReadIPv4Address(out var destination)
            || !reader.TryReadIPv4Address(out var lan)
            || !reader.TryReadIPv4Address(out var wan)
            || !reader.TryReadIPv4Address(out var lanIntro)
            || !reader.TryReadIPv4Address(out var wanIntro)
            || !reader.TryReadBits(out var flags)
            || !reader.TryReadUInt16(out var identifier))
        {
            return false;
        }

        payload = new IntroductionResponsePayload(
            destination,
            lan,
            wan,
            lanIntro,
            wanIntro,
            ConnectionTypeEncoding.FromFlags(flags),
            identifier,
            SupportsNewStyle: (flags & SupportsNewStyleBit) != 0,
            IntroSupportsNewStyle: (flags & IntroSupportsNewStyleBit) != 0,
            PeerLimitReached: (flags & PeerLimitReachedBit) != 0,
            PayloadBytes.Copy(reader.ReadRest()));
        return true;
    }
}
