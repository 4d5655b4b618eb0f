using System.Buffers.Binary;
using System.Text;

namespace Ipv8.Messaging;

/// <summary>Length-prefixed and list format codes of <see cref="PacketWriter"/>.</summary>
public ref partial struct PacketWriter
{
    /// <summary>Writes a <c>varlenH</c> (or the identical <c>doublevarlenH</c>) field: u16 byte length then the bytes.</summary>
    /// <exception cref="ArgumentException">More than 65 535 bytes.</exception>
    public void WriteVarLenH(scoped ReadOnlySpan<byte> bytes)
    {
        CheckLength(bytes.Length, ushort.MaxValue, nameof(bytes));
        WriteUInt16((ushort)bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>Writes a <c>varlenI</c> field: u32 byte length then the bytes.</summary>
    public void WriteVarLenI(scoped ReadOnlySpan<byte> bytes)
    {
        WriteUInt32((uint)bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>Writes a <c>varlenHutf8</c> field (the dataclass mapping of <c>str</c>): u16 UTF-8 byte length then UTF-8.</summary>
    /// <exception cref="ArgumentException">The text encodes to more than 65 535 bytes.</exception>
    public void WriteVarLenHUtf8(scoped ReadOnlySpan<char> text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        CheckLength(length, ushort.MaxValue, nameof(text));
        WriteUInt16((ushort)length);
        Encoding.UTF8.GetBytes(text, Advance(length));
    }

    /// <summary>Writes a <c>varlenIutf8</c> field: u32 UTF-8 byte length then UTF-8.</summary>
    public void WriteVarLenIUtf8(scoped ReadOnlySpan<char> text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        WriteUInt32((uint)length);
        Encoding.UTF8.GetBytes(text, Advance(length));
    }

    /// <summary>Writes a <c>varlenBx2</c> field: u8 count of 2-byte units then the units.</summary>
    /// <exception cref="ArgumentException">Odd length or more than 255 units.</exception>
    public void WriteVarLenBx2(scoped ReadOnlySpan<byte> units)
    {
        if (units.Length % 2 != 0)
        {
            throw new ArgumentException("A varlenBx2 field holds whole 2-byte units.", nameof(units));
        }

        CheckLength(units.Length / 2, byte.MaxValue, nameof(units));
        WriteByte((byte)(units.Length / 2));
        WriteBytes(units);
    }

    /// <summary>Writes a <c>varlenHx20</c> field: u16 count of 20-byte units (e.g. community ids) then the units.</summary>
    /// <exception cref="ArgumentException">The length is not a multiple of 20 or there are more than 65 535 units.</exception>
    public void WriteVarLenHx20(scoped ReadOnlySpan<byte> units)
    {
        if (units.Length % 20 != 0)
        {
            throw new ArgumentException("A varlenHx20 field holds whole 20-byte units.", nameof(units));
        }

        CheckLength(units.Length / 20, ushort.MaxValue, nameof(units));
        WriteUInt16((ushort)(units.Length / 20));
        WriteBytes(units);
    }

    /// <summary>Writes a <c>varlenH-list</c> field: u8 item count then each item as <c>varlenH</c>.</summary>
    /// <exception cref="ArgumentException">More than 255 items or an item over 65 535 bytes.</exception>
    public void WriteVarLenHList(IReadOnlyList<ReadOnlyMemory<byte>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        CheckLength(items.Count, byte.MaxValue, nameof(items));
        WriteByte((byte)items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            WriteVarLenH(items[i].Span);
        }
    }

    /// <summary>Writes an <c>arrayH-?</c> field (list of bool): LITTLE-endian u16 count then one byte per value.</summary>
    /// <exception cref="ArgumentException">More than 65 535 values.</exception>
    public void WriteArrayHBool(scoped ReadOnlySpan<bool> values)
    {
        WriteArrayCount(values.Length, nameof(values));
        var span = Advance(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            span[i] = values[i] ? (byte)1 : (byte)0;
        }
    }

    /// <summary>Writes an <c>arrayH-q</c> field (list of int): LITTLE-endian u16 count then LITTLE-endian i64 values.</summary>
    /// <exception cref="ArgumentException">More than 65 535 values.</exception>
    public void WriteArrayHInt64(scoped ReadOnlySpan<long> values)
    {
        WriteArrayCount(values.Length, nameof(values));
        var span = Advance(values.Length * 8);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(span[(i * 8)..], values[i]);
        }
    }

    /// <summary>Writes an <c>arrayH-d</c> field (list of float): LITTLE-endian u16 count then LITTLE-endian binary64 values.</summary>
    /// <exception cref="ArgumentException">More than 65 535 values.</exception>
    public void WriteArrayHDouble(scoped ReadOnlySpan<double> values)
    {
        WriteArrayCount(values.Length, nameof(values));
        var span = Advance(values.Length * 8);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(span[(i * 8)..], values[i]);
        }
    }

    /// <summary>Writes a <c>payload</c> field: u16 length of the nested encoding then the nested payload.</summary>
    /// <exception cref="ArgumentException">The nested encoding is longer than 65 535 bytes.</exception>
    public void WritePayload<TPayload>(in TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        var lengthAt = _position;
        Advance(2);
        payload.Write(ref this);
        var length = _position - lengthAt - 2;
        CheckLength(length, ushort.MaxValue, nameof(payload));
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[lengthAt..], (ushort)length);
    }

    /// <summary>Writes a <c>payload-list</c> field: u8 item count then each item as <c>payload</c>.</summary>
    /// <exception cref="ArgumentException">More than 255 items.</exception>
    public void WritePayloadList<TPayload>(scoped ReadOnlySpan<TPayload> payloads)
        where TPayload : IPayload<TPayload>
    {
        CheckLength(payloads.Length, byte.MaxValue, nameof(payloads));
        WriteByte((byte)payloads.Length);
        foreach (ref readonly var payload in payloads)
        {
            WritePayload(in payload);
        }
    }

    private void WriteArrayCount(int count, string parameterName)
    {
        CheckLength(count, ushort.MaxValue, parameterName);
        BinaryPrimitives.WriteUInt16LittleEndian(Advance(2), (ushort)count);
    }
}
