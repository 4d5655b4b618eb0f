using Ipv8.Messaging;

namespace Ipv8.Tests.Messaging;

/// <summary>A nested payload with one <c>q</c> field (the vectors' nested Serializable).</summary>
internal readonly record struct Int64Payload(long Value) : IPayload<Int64Payload>
{
    public void Write(ref PacketWriter writer) => writer.WriteInt64(Value);

    public static bool TryRead(ref PacketReader reader, out Int64Payload payload)
    {
        var ok = reader.TryReadInt64(out var value);
        payload = new Int64Payload(value);
        return ok;
    }
}
