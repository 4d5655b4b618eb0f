namespace Ipv8.Messaging.Payloads;

/// <summary>
/// Puncture-request, old IPv4-only format, message id 250 (spec §5.6): <c>ipv4 ipv4 H</c>. Unsigned, with global time; the body must be consumed exactly.
/// </summary>
/// <param name="LanWalkerAddress">The walker's LAN address (py-ipv8 fills in the responder's own address as the requester saw it).</param>
/// <param name="WanWalkerAddress">The walker's WAN address (the requester's UDP source address).</param>
/// <param name="Identifier">The introduction request's identifier.</param>
public readonly record struct PunctureRequestPayload(UdpAddress LanWalkerAddress, UdpAddress WanWalkerAddress, ushort Identifier) : IPayload<PunctureRequestPayload>
{
    /// <summary>The message id (250).</summary>
    public const byte MessageId = MessageIds.PunctureRequest;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteIPv4Address(LanWalkerAddress);
        writer.WriteIPv4Address(WanWalkerAddress);
        writer.WriteUInt16(Identifier);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out PunctureRequestPayload payload)
    {
        payload = default;
        if (!reader.TryReadIPv4Address(out var first)
            || !reader.TryReadIPv4Address(out var second)
            || !reader.TryReadUInt16(out var identifier))
        {
            return false;
        }

        payload = new PunctureRequestPayload(first, second, identifier);
        return true;
    }
}
