namespace Ipv8.Messaging.Payloads;

/// <summary>
/// DiscoveryCommunity ping, message id 3 (spec §7.1): <c>H</c> (identifier = global time mod 65 536). Unsigned, with global
/// time; the whole datagram is exactly 33 bytes.
/// </summary>
/// <param name="Identifier">The 16-bit identifier.</param>
public readonly record struct PingPayload(ushort Identifier) : IPayload<PingPayload>
{
    /// <summary>The message id (3).</summary>
    public const byte MessageId = MessageIds.Ping;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer) => writer.WriteUInt16(Identifier);

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out PingPayload payload)
    {
        var ok = reader.TryReadUInt16(out var identifier);
        payload = new PingPayload(identifier);
        return ok;
    }
}
