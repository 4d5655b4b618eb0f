using Ipv8.Messaging;

namespace SampleChat;

/// <summary>
/// Acknowledges a <see cref="ChatMessagePayload"/>, message id 2 of <see cref="ChatCommunity"/>: one <c>Q</c> field, the
/// global time of the acknowledged message. Sent signed, with global time, only to verified peers.
/// </summary>
/// <param name="AckedGlobalTime">The global time the acknowledged chat message carried.</param>
public readonly record struct ChatAckPayload(ulong AckedGlobalTime) : IPayload<ChatAckPayload>
{
    /// <summary>The message id (2).</summary>
    public const byte MessageId = 2;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer) => writer.WriteUInt64(AckedGlobalTime);

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out ChatAckPayload payload)
    {
        payload = default;
        if (!reader.TryReadUInt64(out var acked))
        {
            return false;
        }

        payload = new ChatAckPayload(acked);
        return true;
    }
}
