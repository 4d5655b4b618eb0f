using System.Text;
using Ipv8.Messaging;

namespace SampleChat;

/// <summary>
/// A chat line, message id 1 of <see cref="ChatCommunity"/>: one <c>varlenHutf8</c> field (py-ipv8's <c>str</c> in a
/// dataclass payload). Sent signed, with global time (spec 3.2), so the receiver knows the author's key.
/// </summary>
/// <remarks>
/// Hostile input: <see cref="TryRead"/> never throws; it refuses an empty text (<see cref="DropReason.Malformed"/>), more
/// than <see cref="MaxTextBytes"/> bytes (<see cref="DropReason.OversizedField"/>), invalid UTF-8 and control characters
/// (<see cref="DropReason.Malformed"/>), so a received line is always safe to print on one log line.
/// </remarks>
/// <param name="Text">The text: 1 to <see cref="MaxTextBytes"/> bytes of UTF-8 without control characters.</param>
public readonly record struct ChatMessagePayload(string Text) : IPayload<ChatMessagePayload>
{
    /// <summary>The message id (1).</summary>
    public const byte MessageId = 1;

    /// <summary>The longest text in UTF-8 bytes (512).</summary>
    public const int MaxTextBytes = 512;

    /// <summary>Returns null when <paramref name="text"/> may be sent, else why not.</summary>
    /// <param name="text">The text to check.</param>
    /// <returns>The problem, or null.</returns>
    public static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "a chat text must not be empty";
        }

        if (Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
        {
            return $"a chat text has at most {MaxTextBytes} UTF-8 bytes";
        }

        return text.Any(char.IsControl) ? "a chat text must not contain control characters" : null;
    }

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer) => writer.WriteVarLenHUtf8(Text);

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out ChatMessagePayload payload)
    {
        payload = default;
        if (!reader.TryReadVarLenH(out var bytes))
        {
            return false;
        }

        if (bytes.Length > MaxTextBytes)
        {
            return reader.Fail(DropReason.OversizedField);
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return reader.Fail(DropReason.Malformed);
        }

        if (text.Length == 0 || text.Any(char.IsControl))
        {
            return reader.Fail(DropReason.Malformed);
        }

        payload = new ChatMessagePayload(text);
        return true;
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
