namespace Ipv8.Messaging.Payloads;

/// <summary>
/// Introduction-response, new format, message id 233 (spec §5.5):
/// <c>ip_address ×5, H, bits, raw</c>. Signed, with global time. There is no peer-limit or
/// supports-new-style flag in this format.
/// </summary>
/// <param name="DestinationAddress">The requester's address as the responder sees it.</param>
/// <param name="SourceLanAddress">The responder's estimated LAN address.</param>
/// <param name="SourceWanAddress">The responder's preferred own address (spec §5.9).</param>
/// <param name="LanIntroductionAddress">The introduced peer's LAN address, or <see cref="UdpAddress.Zero"/>.</param>
/// <param name="WanIntroductionAddress">The introduced peer's WAN address, or <see cref="UdpAddress.Zero"/>.</param>
/// <param name="Identifier">Copied from the request.</param>
/// <param name="Flags">The flags byte; only <see cref="NewIntroductionResponseFlags.IntroSupportsNewStyle"/> is used.</param>
/// <param name="ExtraBytes">Trailing raw bytes (py-ipv8 sends none).</param>
public readonly record struct NewIntroductionResponsePayload(
    UdpAddress DestinationAddress,
    UdpAddress SourceLanAddress,
    UdpAddress SourceWanAddress,
    UdpAddress LanIntroductionAddress,
    UdpAddress WanIntroductionAddress,
    ushort Identifier,
    NewIntroductionResponseFlags Flags = NewIntroductionResponseFlags.None,
    ReadOnlyMemory<byte> ExtraBytes = default) : IPayload<NewIntroductionResponsePayload>
{
    /// <summary>The message id (233).</summary>
    public const byte MessageId = MessageIds.NewIntroductionResponse;

    /// <summary>Gets a value indicating whether the introduced peer supports the new formats (flag 0x80).</summary>
    public bool IntroSupportsNewStyle => (Flags & NewIntroductionResponseFlags.IntroSupportsNewStyle) != 0;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteIpAddress(DestinationAddress);
        writer.WriteIpAddress(SourceLanAddress);
        writer.WriteIpAddress(SourceWanAddress);
        writer.WriteIpAddress(LanIntroductionAddress);
        writer.WriteIpAddress(WanIntroductionAddress);
        writer.WriteUInt16(Identifier);
        writer.WriteBits((byte)Flags);
        writer.WriteBytes(ExtraBytes.Span);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out NewIntroductionResponsePayload payload)
    {
        payload = default;
        if (!reader.TryReadIpAddress(out var destination)
            || !reader.TryReadIpAddress(out var lan)
            || !reader.TryReadIpAddress(out var wan)
            || !reader.TryReadIpAddress(out var lanIntro)
            || !reader.TryReadIpAddress(out var wanIntro)
            || !reader.TryReadUInt16(out var identifier)
            || !reader.TryReadBits(out var flags))
        {
            return false;
        }

        payload = new NewIntroductionResponsePayload(
            destination, lan, wan, lanIntro, wanIntro, identifier, (NewIntroductionResponseFlags)flags, PayloadBytes.Copy(reader.ReadRest()));
        return true;
    }
}
