namespace Ipv8.Messaging.Payloads;

/// <summary>
/// Introduction-request, new format, message id 234 (spec §5.3): <c>ip_address ip_address ip_address H bits raw</c>
/// (the identifier comes before the flags, unlike the old format). Signed, with global time.
/// </summary>
/// <param name="DestinationAddress">The address the request is sent to, as the sender sees it (IPv4 or IPv6).</param>
/// <param name="SourceLanAddress">The sender's estimated LAN address.</param>
/// <param name="SourceWanAddress">The sender's preferred own address (spec §5.9).</param>
/// <param name="Identifier">Global time mod 65 536.</param>
/// <param name="Flags">The flags byte (py-ipv8 sends none); kept exactly as received.</param>
/// <param name="ExtraBytes">Trailing raw bytes (py-ipv8 sends none).</param>
public readonly record struct NewIntroductionRequestPayload(
    UdpAddress DestinationAddress,
    UdpAddress SourceLanAddress,
    UdpAddress SourceWanAddress,
    ushort Identifier,
    IntroductionRequestFlags Flags = IntroductionRequestFlags.None,
    ReadOnlyMemory<byte> ExtraBytes = default) : IPayload<NewIntroductionRequestPayload>
{
    /// <summary>The message id (234).</summary>
    public const byte MessageId = MessageIds.NewIntroductionRequest;

    /// <summary>Gets the connection type from the two top flag bits.</summary>
    public ConnectionType ConnectionType => ConnectionTypeEncoding.FromFlags((byte)Flags);

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteIpAddress(DestinationAddress);
        writer.WriteIpAddress(SourceLanAddress);
        writer.WriteIpAddress(SourceWanAddress);
        writer.WriteUInt16(Identifier);
        writer.WriteBits((byte)Flags);
        writer.WriteBytes(ExtraBytes.Span);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out NewIntroductionRequestPayload payload)
    {
        payload = default;
        if (!reader.TryReadIpAddress(out var destination)
            || !reader.TryReadIpAddress(out var lan)
            || !reader.TryReadIpAddress(out var wan)
            || !reader.TryReadUInt16(out var identifier)
            || !reader.TryReadBits(out var flags))
        {
            return false;
        }

        payload = new NewIntroductionRequestPayload(
            destination, lan, wan, identifier, (IntroductionRequestFlags)flags, PayloadBytes.Copy(reader.ReadRest()));
        return true;
    }
}
