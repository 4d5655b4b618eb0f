using System.Buffers.Binary;

namespace Ipv8.Messaging;

/// <summary>
/// Writes IPv8 serializer format codes (spec §2) into a caller-supplied buffer, front to back, without
/// allocating. All integers are big-endian except the <c>arrayH-*</c> codes, which py-ipv8 writes in host
/// (little-endian) order.
/// </summary>
/// <remarks>
/// The writer only throws on programmer misuse: writing past the end of the buffer
/// (<see cref="InvalidOperationException"/>) or passing a value the format cannot hold, such as an IPv6
/// address to an <c>ipv4</c> field or more than 65 535 bytes to a <c>varlenH</c> field
/// (<see cref="ArgumentException"/>). Size the buffer with <see cref="EndpointCounters.MaxSendSize"/> when unsure.
/// </remarks>
public ref partial struct PacketWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    /// <summary>Initializes a writer that starts at the beginning of <paramref name="buffer"/>.</summary>
    public PacketWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Gets the number of bytes written so far.</summary>
    public readonly int Position => _position;

    /// <summary>Gets the number of bytes still free in the buffer.</summary>
    public readonly int Remaining => _buffer.Length - _position;

    /// <summary>Gets the bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    /// <summary>Returns the next <paramref name="length"/> free bytes and advances past them (for in-place writers such as signers).</summary>
    /// <exception cref="InvalidOperationException">The buffer has fewer than <paramref name="length"/> free bytes.</exception>
    public Span<byte> Advance(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Ensure(length);
        var span = _buffer.Slice(_position, length);
        _position += length;
        return span;
    }

    /// <summary>Writes a <c>B</c> (u8) or <c>c</c> (one raw byte) field.</summary>
    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_position++] = value;
    }

    /// <summary>Writes a <c>?</c> field: <c>0x01</c> for true, <c>0x00</c> for false.</summary>
    public void WriteBool(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>Writes an <c>H</c> field (u16 big-endian).</summary>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Advance(2), value);

    /// <summary>Writes an <c>I</c> or <c>L</c> field (u32 big-endian).</summary>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Advance(4), value);

    /// <summary>Writes an <c>l</c> field (i32 big-endian).</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Advance(4), value);

    /// <summary>Writes a <c>q</c> field (i64 big-endian); the dataclass mapping of <c>int</c>.</summary>
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Advance(8), value);

    /// <summary>Writes a <c>Q</c> field (u64 big-endian), e.g. the global time.</summary>
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Advance(8), value);

    /// <summary>Writes an <c>f</c> field (IEEE-754 binary32 big-endian).</summary>
    public void WriteSingle(float value) => BinaryPrimitives.WriteSingleBigEndian(Advance(4), value);

    /// <summary>Writes a <c>d</c> field (IEEE-754 binary64 big-endian); the dataclass mapping of <c>float</c>.</summary>
    public void WriteDouble(double value) => BinaryPrimitives.WriteDoubleBigEndian(Advance(8), value);

    /// <summary>Writes <paramref name="bytes"/> as-is: the <c>raw</c> code (only valid as the last field) or any fixed run.</summary>
    public void WriteBytes(scoped ReadOnlySpan<byte> bytes) => bytes.CopyTo(Advance(bytes.Length));

    /// <summary>
    /// Writes a fixed-length <c>&lt;n&gt;s</c> field (<c>20s</c>, <c>32s</c>, <c>64s</c>, <c>74s</c>):
    /// shorter input is right-padded with zeros, longer input is truncated, as Python's struct does.
    /// </summary>
    public void WriteFixed(scoped ReadOnlySpan<byte> bytes, int length)
    {
        var target = Advance(length);
        var copied = Math.Min(bytes.Length, length);
        bytes[..copied].CopyTo(target);
        target[copied..].Clear();
    }

    /// <summary>Writes a <c>4SH</c> field: 4 raw bytes (padded/truncated) then a u16 big-endian.</summary>
    public void Write4SH(scoped ReadOnlySpan<byte> fourBytes, ushort value)
    {
        WriteFixed(fourBytes, 4);
        WriteUInt16(value);
    }

    /// <summary>Writes a <c>c20s</c> field: one raw byte then 20 raw bytes (padded/truncated).</summary>
    public void WriteC20s(byte first, scoped ReadOnlySpan<byte> twenty)
    {
        WriteByte(first);
        WriteFixed(twenty, 20);
    }

    /// <summary>Writes a <c>bits</c> field from its packed byte (first flag = 0x80).</summary>
    public void WriteBits(byte packed) => WriteByte(packed);

    /// <summary>Writes a <c>bits</c> field from eight flags; <paramref name="bit0"/> is the most significant bit (0x80).</summary>
    public void WriteBits(bool bit0, bool bit1, bool bit2, bool bit3, bool bit4, bool bit5, bool bit6, bool bit7)
        => WriteByte(BitFlags.Pack(bit0, bit1, bit2, bit3, bit4, bit5, bit6, bit7));

    private readonly void Ensure(int length)
    {
        if (_buffer.Length - _position < length)
        {
            throw new InvalidOperationException(
                $"The packet buffer is too small: {length} more bytes needed at offset {_position}, {_buffer.Length - _position} free.");
        }
    }
}
