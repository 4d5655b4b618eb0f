using System.Buffers.Binary;

namespace Ipv8.Messaging;

/// <summary>Length-prefixed and list format codes of <see cref="PacketReader"/>.</summary>
public ref partial struct PacketReader
{
    /// <summary>Reads a <c>varlenH</c> (or <c>doublevarlenH</c>) field: u16 byte length then the bytes (no copy).</summary>
    public bool TryReadVarLenH(out ReadOnlySpan<byte> bytes) => TryReadCounted(2, 1, bigEndian: true, out bytes, out _);

    /// <summary>Reads a <c>doublevarlenH</c> field, which is encoded exactly like <c>varlenH</c>.</summary>
    public bool TryReadDoubleVarLenH(out ReadOnlySpan<byte> bytes) => TryReadVarLenH(out bytes);

    /// <summary>Reads a <c>varlenI</c> field: u32 byte length then the bytes (no copy).</summary>
    public bool TryReadVarLenI(out ReadOnlySpan<byte> bytes) => TryReadCounted(4, 1, bigEndian: true, out bytes, out _);

    /// <summary>Reads a <c>varlenHutf8</c> field; invalid UTF-8 fails with <see cref="DropReason.Malformed"/>.</summary>
    public bool TryReadVarLenHUtf8(out string text) => TryReadUtf8(2, out text);

    /// <summary>Reads a <c>varlenIutf8</c> field; invalid UTF-8 fails with <see cref="DropReason.Malformed"/>.</summary>
    public bool TryReadVarLenIUtf8(out string text) => TryReadUtf8(4, out text);

    /// <summary>Reads a <c>varlenBx2</c> field: u8 count of 2-byte units; returns the units' bytes (no copy).</summary>
    public bool TryReadVarLenBx2(out ReadOnlySpan<byte> units) => TryReadCounted(1, 2, bigEndian: true, out units, out _);

    /// <summary>Reads a <c>varlenHx20</c> field: u16 count of 20-byte units; returns the units' bytes (no copy).</summary>
    public bool TryReadVarLenHx20(out ReadOnlySpan<byte> units) => TryReadCounted(2, 20, bigEndian: true, out units, out _);

    /// <summary>Reads a <c>varlenH-list</c> field: u8 count then each item as <c>varlenH</c> (items are copied).</summary>
    public bool TryReadVarLenHList(out ReadOnlyMemory<byte>[] items)
    {
        var start = _position;
        items = [];
        if (!TryReadByte(out var count))
        {
            return false;
        }

        var result = count == 0 ? [] : new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryReadVarLenH(out var item))
            {
                _position = start;
                return false;
            }

            result[i] = item.ToArray();
        }

        items = result;
        return true;
    }

    /// <summary>Reads an <c>arrayH-?</c> field: LITTLE-endian u16 count then one byte per bool (non-zero = true).</summary>
    public bool TryReadArrayHBool(out bool[] values)
    {
        values = [];
        if (!TryReadCounted(2, 1, bigEndian: false, out var bytes, out var count))
        {
            return false;
        }

        values = count == 0 ? [] : new bool[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = bytes[i] != 0;
        }

        return true;
    }

    /// <summary>Reads an <c>arrayH-q</c> field: LITTLE-endian u16 count then LITTLE-endian i64 values.</summary>
    public bool TryReadArrayHInt64(out long[] values)
    {
        values = [];
        if (!TryReadCounted(2, 8, bigEndian: false, out var bytes, out var count))
        {
            return false;
        }

        values = count == 0 ? [] : new long[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 8)..]);
        }

        return true;
    }

    /// <summary>Reads an <c>arrayH-d</c> field: LITTLE-endian u16 count then LITTLE-endian binary64 values.</summary>
    public bool TryReadArrayHDouble(out double[] values)
    {
        values = [];
        if (!TryReadCounted(2, 8, bigEndian: false, out var bytes, out var count))
        {
            return false;
        }

        values = count == 0 ? [] : new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]);
        }

        return true;
    }

    /// <summary>
    /// Reads a <c>payload</c> field: u16 length then a nested payload read from exactly that many bytes.
    /// Like py-ipv8, bytes the nested payload leaves unread inside its length are ignored.
    /// </summary>
    public bool TryReadPayload<TPayload>(out TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        payload = default!;
        var start = _position;
        if (!TryReadVarLenH(out var nested))
        {
            return false;
        }

        var inner = new PacketReader(nested);
        if (!TPayload.TryRead(ref inner, out payload))
        {
            _position = start;
            return Fail(inner.Failure);
        }

        return true;
    }

    /// <summary>Reads a <c>payload-list</c> field: u8 count then each item as <c>payload</c>.</summary>
    public bool TryReadPayloadList<TPayload>(out TPayload[] payloads)
        where TPayload : IPayload<TPayload>
    {
        var start = _position;
        payloads = [];
        if (!TryReadByte(out var count))
        {
            return false;
        }

        var result = count == 0 ? [] : new TPayload[count];
        for (var i = 0; i < count; i++)
        {
            if (!TryReadPayload(out result[i]))
            {
                _position = start;
                return false;
            }
        }

        payloads = result;
        return true;
    }

    private bool TryReadUtf8(int prefixSize, out string text)
    {
        var start = _position;
        text = string.Empty;
        if (!TryReadCounted(prefixSize, 1, bigEndian: true, out var bytes, out _))
        {
            return false;
        }

        if (!TryDecodeUtf8(bytes, out text))
        {
            _position = start;
            return false;
        }

        return true;
    }

    private bool TryReadCounted(int prefixSize, int unitSize, bool bigEndian, out ReadOnlySpan<byte> bytes, out int count)
    {
        bytes = default;
        count = 0;
        var rest = RemainingBytes;
        if (rest.Length < prefixSize)
        {
            return Fail(DropReason.TooShort);
        }

        long n = prefixSize switch
        {
            1 => rest[0],
            2 => bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(rest) : BinaryPrimitives.ReadUInt16LittleEndian(rest),
            _ => BinaryPrimitives.ReadUInt32BigEndian(rest),
        };
        var length = n * unitSize;
        if (length > rest.Length - prefixSize)
        {
            return Fail(DropReason.OversizedField);
        }

        count = (int)n;
        bytes = rest.Slice(prefixSize, (int)length);
        _position += prefixSize + (int)length;
        return true;
    }
}
