namespace Ipv8.Messaging;

/// <summary>
/// Packing of the <c>bits</c> format code: eight booleans in one byte, the first one in the most
/// significant bit (0x80), the eighth in 0x01 (spec §2).
/// </summary>
public static class BitFlags
{
    /// <summary>Packs eight flags, <paramref name="bit0"/> into 0x80 and <paramref name="bit7"/> into 0x01.</summary>
    public static byte Pack(bool bit0, bool bit1, bool bit2, bool bit3, bool bit4, bool bit5, bool bit6, bool bit7)
        => (byte)((bit0 ? 0x80 : 0) | (bit1 ? 0x40 : 0) | (bit2 ? 0x20 : 0) | (bit3 ? 0x10 : 0)
                  | (bit4 ? 0x08 : 0) | (bit5 ? 0x04 : 0) | (bit6 ? 0x02 : 0) | (bit7 ? 0x01 : 0));

    /// <summary>Returns flag number <paramref name="index"/> (0 = 0x80 ... 7 = 0x01) of a packed byte.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not in 0..7.</exception>
    public static bool Get(byte packed, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 7);
        return (packed & (0x80 >> index)) != 0;
    }
}
