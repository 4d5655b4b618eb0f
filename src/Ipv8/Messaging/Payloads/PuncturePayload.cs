namespace Ipv8.Messaging.Payloads;

/// <summary>
/// Puncture, old IPv4-only format, message id 249 (spec §5.7): <c>ipv4 ipv4 H</c>. Signed, with global time.
/// </summary>
/// <param name="SourceLanAddress">The sender's estimated LAN address.</param>
/// <param name="SourceWanAddress">The walker address from the puncture-request (py-ipv8 echoes it, not its own WAN).</param>
/// <param name="Identifier">The puncture-request's identifier.</param>
public readonly record struct PuncturePayload(UdpAddress SourceLanAddress, UdpAddress SourceWanAddress, ushort Identifier) : IPayload<PuncturePayload>
{
    /// <summary>The message id (249).</summary>
    public const byte MessageId = MessageIds.Puncture;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteIPv4Address(SourceLanAddress);
        writer.WriteIPv4Address(SourceWanAddress);
        writer.WriteUInt16(Identifier);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out PuncturePayload payload)
    {
        payload = default;
        if (!reader.TryReadIPv4Address(out var first)
            || !reader.TryReadIPv4Address(out var second)
            || !reader.TryReadUInt16(out var identifier))
        {
            return false;
        }

        payload = new PuncturePayload(first, second, identifier);
        return true;
    }
}
