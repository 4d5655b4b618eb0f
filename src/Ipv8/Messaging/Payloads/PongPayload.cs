namespace Ipv8.Messaging.Payloads;

/// <summary>
/// DiscoveryCommunity pong, message id 4 (spec §7.1): <c>H</c> (identifier echoed from the ping). Unsigned, with global
/// time; the whole datagram is exactly 33 bytes.
/// </summary>
/// <param name="Identifier">The 16-bit identifier.</param>
public readonly record struct PongPayload(ushort Identifier) : IPayload<PongPayload>
{
    /// <summary>The message id (4).</summary>
    public const byte MessageId = MessageIds.Pong;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer) => writer.WriteUInt16(Identifier);

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out PongPayload payload)
    {
        var ok = reader.TryReadUInt16(out var identifier);
        payload = new PongPayload(identifier);
        return ok;
    }
}
