namespace Ipv8.Messaging.Payloads;

/// <summary>
/// Puncture, new format, message id 231 (spec §5.7): <c>ip_address ip_address H</c>. Signed, with global time.
/// </summary>
/// <param name="SourceLanAddress">The sender's estimated LAN address.</param>
/// <param name="SourceWanAddress">The walker address from the puncture-request (py-ipv8 echoes it, not its own WAN).</param>
/// <param name="Identifier">The puncture-request's identifier.</param>
public readonly record struct NewPuncturePayload(UdpAddress SourceLanAddress, UdpAddress SourceWanAddress, ushort Identifier) : IPayload<NewPuncturePayload>
{
    /// <summary>The message id (231).</summary>
    public const byte MessageId = MessageIds.NewPuncture;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteIpAddress(SourceLanAddress);
        writer.WriteIpAddress(SourceWanAddress);
        writer.WriteUInt16(Identifier);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out NewPuncturePayload payload)
    {
        payload = default;
        if (!reader.TryReadIpAddress(out var first)
            || !reader.TryReadIpAddress(out var second)
            || !reader.TryReadUInt16(out var identifier))
        {
            return false;
        }

        payload = new NewPuncturePayload(first, second, identifier);
        return true;
    }
}
