using Ipv8.Messaging;

namespace Ipv8.Tests.Messaging;

/// <summary>
/// The vector's user-defined py-ipv8 @dataclass (flag: bool, number: int, ratio: float, blob: bytes,
/// text: str, numbers: list[int]) written with the dataclass field mapping.
/// </summary>
internal readonly record struct ExampleDataclassPayload(bool Flag, long Number, double Ratio, byte[] Blob, string Text, long[] Numbers)
    : IPayload<ExampleDataclassPayload>
{
    public void Write(ref PacketWriter writer)
    {
        writer.WriteBool(Flag);
        writer.WriteInt64(Number);
        writer.WriteDouble(Ratio);
        writer.WriteVarLenH(Blob);
        writer.WriteVarLenHUtf8(Text);
        writer.WriteArrayHInt64(Numbers);
    }

    public static bool TryRead(ref PacketReader reader, out ExampleDataclassPayload payload)
    {
        payload = default;
        if (!reader.TryReadBool(out var flag)
            || !reader.TryReadInt64(out var number)
            || !reader.TryReadDouble(out var ratio)
            || !reader.TryReadVarLenH(out var blob)
            || !reader.TryReadVarLenHUtf8(out var text)
            || !reader.TryReadArrayHInt64(out var numbers))
        {
            return false;
        }

        payload = new ExampleDataclassPayload(flag, number, ratio, blob.ToArray(), text, numbers);
        return true;
    }
}
