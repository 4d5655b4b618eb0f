namespace Ipv8.Messaging;

/// <summary>Whole-buffer helpers over <see cref="IPayload{TSelf}"/>.</summary>
public static class PayloadSerializer
{
    /// <summary>
    /// Reads a payload that must fill <paramref name="bytes"/> exactly (spec §2: leftover bytes are an error).
    /// Returns false with the reader's failure reason, or <see cref="DropReason.Malformed"/> for leftovers. Never throws.
    /// </summary>
    public static bool TryDeserialize<TPayload>(ReadOnlySpan<byte> bytes, out TPayload payload, out DropReason reason)
        where TPayload : IPayload<TPayload>
    {
        var reader = new PacketReader(bytes);
        if (!TPayload.TryRead(ref reader, out payload))
        {
            reason = reader.Failure;
            return false;
        }

        if (!reader.IsAtEnd)
        {
            reason = DropReason.Malformed;
            return false;
        }

        reason = default;
        return true;
    }

    /// <summary>Writes a payload into <paramref name="destination"/> and returns the number of bytes written.</summary>
    /// <exception cref="InvalidOperationException">The buffer is too small.</exception>
    public static int Serialize<TPayload>(in TPayload payload, Span<byte> destination)
        where TPayload : IPayload<TPayload>
    {
        var writer = new PacketWriter(destination);
        payload.Write(ref writer);
        return writer.Position;
    }

    /// <summary>Writes a payload into a new array (allocates; for tests and cold paths).</summary>
    public static byte[] ToArray<TPayload>(in TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        var buffer = new byte[EndpointCounters.MaxReceiveSize];
        var length = Serialize(in payload, buffer);
        return buffer[..length];
    }
}
