using Ipv8.Messaging;

namespace Launcher.Tests.Plugins;

/// <summary>Writes arbitrary bytes as one <c>varlenH</c> field: the chat line's layout, with any content.</summary>
internal readonly record struct RawTextPayload(byte[] Bytes) : IPayload<RawTextPayload>
{
    public void Write(ref PacketWriter writer) => writer.WriteVarLenH(Bytes);

    public static bool TryRead(ref PacketReader reader, out RawTextPayload payload)
    {
        payload = default;
        if (!reader.TryReadVarLenH(out var bytes))
        {
            return false;
        }

        payload = new RawTextPayload(bytes.ToArray());
        return true;
    }
}

/// <summary>Writes arbitrary bytes as they are (truncated or trailing-garbage bodies).</summary>
internal readonly record struct RawBytesPayload(byte[] Bytes) : IPayload<RawBytesPayload>
{
    public void Write(ref PacketWriter writer) => writer.WriteBytes(Bytes);

    public static bool TryRead(ref PacketReader reader, out RawBytesPayload payload)
    {
        payload = new RawBytesPayload(reader.ReadRest().ToArray());
        return true;
    }
}
