using Ipv8.Messaging;

namespace Greeter;

/// <summary>
/// The answer to a greeting, message id 2 of <see cref="GreeterCommunity"/>: the global time of the greeting it answers
/// (<c>Q</c>) and a short text (<c>varlenHutf8</c>, as <see cref="GreetingPayload"/>'s fields). Sent signed, with
/// global time, only to the verified peer that greeted.
/// </summary>
/// <param name="GreetingGlobalTime">The global time the answered greeting carried.</param>
/// <param name="Text">The answer (1-<see cref="GreetingPayload.MaxFieldBytes"/> UTF-8 bytes).</param>
public readonly record struct GreetingReplyPayload(ulong GreetingGlobalTime, string Text) : IPayload<GreetingReplyPayload>
{
    /// <summary>The message id (2).</summary>
    public const byte MessageId = 2;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteUInt64(GreetingGlobalTime);
        writer.WriteVarLenHUtf8(Text);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out GreetingReplyPayload payload)
    {
        payload = default;
        if (!reader.TryReadUInt64(out var greetingTime) || !GreetingPayload.TryReadField(ref reader, out var text))
        {
            return false;
        }

        payload = new GreetingReplyPayload(greetingTime, text);
        return true;
    }
}
