namespace Ipv8.Messaging.Payloads;

/// <summary>
/// Puncture-request, new format, message id 232 (spec §5.6): <c>ip_address ip_address H</c>. Unsigned, with global time; the body must be consumed exactly.
/// </summary>
/// <param name="LanWalkerAddress">The walker's LAN address (py-ipv8 fills in the responder's own address as the requester saw it).</param>
/// <param name="WanWalkerAddress">The walker's WAN address (the requester's UDP source address).</param>
/// <param name="Identifier">The introduction request's identifier.</param>
public readonly record struct NewPunctureRequestPayload(UdpAddress LanWalkerAddress, UdpAddress WanWalkerAddress, ushort Identifier) : IPayload<NewPunctureRequestPayload>
{
    /// <summary>The message id (232).</summary>
    public const byte MessageId = MessageIds.NewPunctureRequest;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteIpAddress(LanWalkerAddress);
        writer.WriteIpAddress(WanWalkerAddress);
        writer.WriteUInt16(Identifier);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out NewPunctureRequestPayload payload)
    {
        payload = default;
        if (!reader.TryReadIpAddress(out var first)
            || !reader.TryReadIpAddress(out var second)
            || !reader.TryReadUInt16(out var identifier))
        {
            return false;
        }

        payload = new NewPunctureRequestPayload(first, second, identifier);
        return true;
    }
}
