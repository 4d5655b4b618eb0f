using System.Text;
using Ipv8.Messaging;

namespace Greeter;

/// <summary>
/// A greeting, message id 1 of <see cref="GreeterCommunity"/>: the namespace the greeter found the peer under
/// (<c>varlenHutf8</c>) and a short text (<c>varlenHutf8</c>). Sent signed, with global time, so the receiver knows who
/// greeted it; answered with a <see cref="GreetingReplyPayload"/>.
/// </summary>
/// <remarks>
/// Hostile input: <see cref="TryRead"/> never throws; it refuses empty or over-long fields
/// (<see cref="DropReason.OversizedField"/> beyond <see cref="MaxFieldBytes"/>), invalid UTF-8 and control characters
/// (<see cref="DropReason.Malformed"/>), so a greeting is always safe to print on one log line.
/// </remarks>
/// <param name="Namespace">The namespace the greeter found us under (1-255 UTF-8 bytes).</param>
/// <param name="Text">The greeting (1-<see cref="MaxFieldBytes"/> UTF-8 bytes).</param>
public readonly record struct GreetingPayload(string Namespace, string Text) : IPayload<GreetingPayload>
{
    /// <summary>The message id (1).</summary>
    public const byte MessageId = 1;

    /// <summary>The longest field in UTF-8 bytes (255: a namespace's limit).</summary>
    public const int MaxFieldBytes = 255;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Returns null when <paramref name="text"/> may be sent as a field, else why not.</summary>
    /// <param name="text">The field.</param>
    /// <returns>The problem, or null.</returns>
    public static string? Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "a greeting field must not be empty";
        }

        if (Encoding.UTF8.GetByteCount(text) > MaxFieldBytes)
        {
            return $"a greeting field has at most {MaxFieldBytes} UTF-8 bytes";
        }

        return text.Any(char.IsControl) ? "a greeting field must not contain control characters" : null;
    }

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteVarLenHUtf8(Namespace);
        writer.WriteVarLenHUtf8(Text);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out GreetingPayload payload)
    {
        payload = default;
        if (!TryReadField(ref reader, out var ns) || !TryReadField(ref reader, out var text))
        {
            return false;
        }

        payload = new GreetingPayload(ns, text);
        return true;
    }

    /// <summary>Reads one strict <c>varlenHutf8</c> field (shared with <see cref="GreetingReplyPayload"/>).</summary>
    /// <param name="reader">The reader.</param>
    /// <param name="field">The field.</param>
    /// <returns>False (with the reader's drop reason set) when the field is missing, too long, not UTF-8 or has control characters.</returns>
    internal static bool TryReadField(ref PacketReader reader, out string field)
    {
        field = string.Empty;
        if (!reader.TryReadVarLenH(out var bytes))
        {
            return false;
        }

        if (bytes.Length > MaxFieldBytes)
        {
            return reader.Fail(DropReason.OversizedField);
        }

        try
        {
            field = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return reader.Fail(DropReason.Malformed);
        }

        return field.Length > 0 && !field.Any(char.IsControl) || reader.Fail(DropReason.Malformed);
    }
}
