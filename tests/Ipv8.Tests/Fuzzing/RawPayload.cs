using Ipv8.Messaging;

namespace Ipv8.Tests.Fuzzing;

/// <summary>An opaque payload (arbitrary bytes), to sign garbage bodies with a real key.</summary>
internal readonly record struct RawPayload(ReadOnlyMemory<byte> Bytes) : IPayload<RawPayload>
{
    public void Write(ref PacketWriter writer) => writer.WriteBytes(Bytes.Span);

    public static bool TryRead(ref PacketReader reader, out RawPayload payload)
    {
        payload = new RawPayload(reader.ReadRest().ToArray());
        return true;
    }
}
