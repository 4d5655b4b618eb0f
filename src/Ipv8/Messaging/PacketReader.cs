using System.Buffers.Binary;

namespace Ipv8.Messaging;

/// <summary>
/// Reads IPv8 serializer format codes (spec §2) from a received datagram without allocating (except where a
/// field's value is itself an object: strings, arrays, lists). Every read is a Try-method: on failure it
/// returns false, leaves the position unchanged and records why in <see cref="Failure"/>; it never throws
/// on malformed input.
/// </summary>
/// <remarks>
/// Failure reasons: <see cref="DropReason.TooShort"/> when a fixed-size field runs past the end,
/// <see cref="DropReason.OversizedField"/> when a length or count field points past the end,
/// <see cref="DropReason.Malformed"/> for an invalid value (unknown address type byte, invalid UTF-8).
/// </remarks>
public ref partial struct PacketReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _position;
    private DropReason _failure;

    /// <summary>Initializes a reader at the start of <paramref name="buffer"/>.</summary>
    public PacketReader(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
        _failure = DropReason.Malformed;
    }

    /// <summary>Gets the number of bytes consumed.</summary>
    public readonly int Position => _position;

    /// <summary>Gets the number of unread bytes.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Gets a value indicating whether every byte has been consumed.</summary>
    public readonly bool IsAtEnd => _position == _buffer.Length;

    /// <summary>Gets the unread bytes without consuming them.</summary>
    public readonly ReadOnlySpan<byte> RemainingBytes => _buffer[_position..];

    /// <summary>
    /// Gets why the last failed read failed (<see cref="DropReason.Malformed"/> if nothing failed yet, which
    /// is also the reason to use for leftover bytes).
    /// </summary>
    public readonly DropReason Failure => _failure;

    /// <summary>Records a failure reason and returns false (for payload readers that validate values themselves).</summary>
    public bool Fail(DropReason reason)
    {
        _failure = reason;
        return false;
    }

    /// <summary>Reads a <c>B</c> (u8) or <c>c</c> (one raw byte) field.</summary>
    public bool TryReadByte(out byte value)
    {
        if (_position >= _buffer.Length)
        {
            value = 0;
            return Fail(DropReason.TooShort);
        }

        value = _buffer[_position++];
        return true;
    }

    /// <summary>Reads a <c>?</c> field: any non-zero byte is true.</summary>
    public bool TryReadBool(out bool value)
    {
        var ok = TryReadByte(out var b);
        value = b != 0;
        return ok;
    }

    /// <summary>Reads an <c>H</c> field (u16 big-endian).</summary>
    public bool TryReadUInt16(out ushort value)
    {
        var ok = TryReadBytes(2, out var span);
        value = ok ? BinaryPrimitives.ReadUInt16BigEndian(span) : default;
        return ok;
    }

    /// <summary>Reads an <c>I</c> or <c>L</c> field (u32 big-endian).</summary>
    public bool TryReadUInt32(out uint value)
    {
        var ok = TryReadBytes(4, out var span);
        value = ok ? BinaryPrimitives.ReadUInt32BigEndian(span) : default;
        return ok;
    }

    /// <summary>Reads an <c>l</c> field (i32 big-endian).</summary>
    public bool TryReadInt32(out int value)
    {
        var ok = TryReadBytes(4, out var span);
        value = ok ? BinaryPrimitives.ReadInt32BigEndian(span) : default;
        return ok;
    }

    /// <summary>Reads a <c>q</c> field (i64 big-endian).</summary>
    public bool TryReadInt64(out long value)
    {
        var ok = TryReadBytes(8, out var span);
        value = ok ? BinaryPrimitives.ReadInt64BigEndian(span) : default;
        return ok;
    }

    /// <summary>Reads a <c>Q</c> field (u64 big-endian).</summary>
    public bool TryReadUInt64(out ulong value)
    {
        var ok = TryReadBytes(8, out var span);
        value = ok ? BinaryPrimitives.ReadUInt64BigEndian(span) : default;
        return ok;
    }

    /// <summary>Reads an <c>f</c> field (binary32 big-endian).</summary>
    public bool TryReadSingle(out float value)
    {
        var ok = TryReadBytes(4, out var span);
        value = ok ? BinaryPrimitives.ReadSingleBigEndian(span) : default;
        return ok;
    }

    /// <summary>Reads a <c>d</c> field (binary64 big-endian).</summary>
    public bool TryReadDouble(out double value)
    {
        var ok = TryReadBytes(8, out var span);
        value = ok ? BinaryPrimitives.ReadDoubleBigEndian(span) : default;
        return ok;
    }

    /// <summary>Reads <paramref name="length"/> raw bytes: the <c>&lt;n&gt;s</c> codes (<c>20s</c>, <c>32s</c>, <c>64s</c>, <c>74s</c>).</summary>
    public bool TryReadBytes(int length, out ReadOnlySpan<byte> bytes)
    {
        if (length < 0 || _buffer.Length - _position < length)
        {
            bytes = default;
            return Fail(DropReason.TooShort);
        }

        bytes = _buffer.Slice(_position, length);
        _position += length;
        return true;
    }

    /// <summary>Reads a <c>4SH</c> field: 4 raw bytes then a u16 big-endian.</summary>
    public bool TryRead4SH(out ReadOnlySpan<byte> fourBytes, out ushort value)
    {
        var start = _position;
        if (TryReadBytes(4, out fourBytes) && TryReadUInt16(out value))
        {
            return true;
        }

        _position = start;
        fourBytes = default;
        value = 0;
        return false;
    }

    /// <summary>Reads a <c>c20s</c> field: one raw byte then 20 raw bytes.</summary>
    public bool TryReadC20s(out byte first, out ReadOnlySpan<byte> twenty)
    {
        if (Remaining < 21)
        {
            first = 0;
            twenty = default;
            return Fail(DropReason.TooShort);
        }

        first = _buffer[_position];
        twenty = _buffer.Slice(_position + 1, 20);
        _position += 21;
        return true;
    }

    /// <summary>Reads a <c>bits</c> field as its packed byte (first flag = 0x80; see <see cref="BitFlags.Get"/>).</summary>
    public bool TryReadBits(out byte packed) => TryReadByte(out packed);

    /// <summary>Consumes and returns every unread byte: the <c>raw</c> code (always succeeds, possibly empty).</summary>
    public ReadOnlySpan<byte> ReadRest()
    {
        var rest = _buffer[_position..];
        _position = _buffer.Length;
        return rest;
    }
}
