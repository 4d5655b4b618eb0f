using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace Ipv8.Connectivity.Turn;

/// <summary>
/// ChannelData framing (RFC 8656 §12.4): channel number (0x4000-0x4FFF) ‖ u16 length ‖ data, padded to a
/// multiple of 4 over TCP. The first two bits (01) tell it apart from a STUN message (00).
/// </summary>
public static class TurnChannelData
{
    /// <summary>Lowest channel number: 0x4000.</summary>
    public const ushort MinChannel = 0x4000;

    /// <summary>Highest channel number: 0x4FFF.</summary>
    public const ushort MaxChannel = 0x4FFF;

    /// <summary>Header length: 4 bytes.</summary>
    public const int HeaderLength = 4;

    /// <summary>Gets whether <paramref name="frame"/> starts like ChannelData (first two bits 01).</summary>
    public static bool LooksLikeChannelData(ReadOnlySpan<byte> frame) => frame.Length > 0 && (frame[0] & 0xC0) == 0x40;

    /// <summary>Encodes a ChannelData frame; <paramref name="pad"/> adds the zero padding TCP needs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The channel is outside 0x4000-0x4FFF or the data exceeds 65535 bytes.</exception>
    public static byte[] Encode(ushort channel, ReadOnlySpan<byte> data, bool pad)
    {
        if (channel is < MinChannel or > MaxChannel)
            throw new ArgumentOutOfRangeException(nameof(channel), channel, "A TURN channel number is 0x4000-0x4FFF.");
        if (data.Length > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(data), data.Length, "ChannelData carries at most 65535 bytes.");
        var length = HeaderLength + data.Length;
        var frame = new byte[pad ? (length + 3) & ~3 : length];
        BinaryPrimitives.WriteUInt16BigEndian(frame, channel);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)data.Length);
        data.CopyTo(frame.AsSpan(HeaderLength));
        return frame;
    }

    /// <summary>
    /// Parses a ChannelData frame. Never throws: false with a reason when it is shorter than its header, names a
    /// channel outside the range, or declares more bytes than present. Padding after the data is allowed
    /// (at most 3 bytes).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out ushort channel, out ReadOnlySpan<byte> data, [NotNullWhen(false)] out string? error)
    {
        channel = 0;
        data = default;
        if (frame.Length < HeaderLength)
        {
            error = $"ChannelData of {frame.Length} bytes is shorter than its header";
            return false;
        }

        channel = BinaryPrimitives.ReadUInt16BigEndian(frame);
        if (channel is < MinChannel or > MaxChannel)
        {
            error = $"channel number 0x{channel:x4} is outside 0x4000-0x4FFF";
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(frame[2..]);
        if (length > frame.Length - HeaderLength || frame.Length - HeaderLength - length > 3)
        {
            error = $"ChannelData declares {length} bytes but carries {frame.Length - HeaderLength}";
            return false;
        }

        data = frame.Slice(HeaderLength, length);
        error = null;
        return true;
    }
}
