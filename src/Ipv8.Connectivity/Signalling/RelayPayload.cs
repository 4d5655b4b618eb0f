using Ipv8.Messaging;

namespace Ipv8.Connectivity.Signalling;

/// <summary>
/// Message 3 of <see cref="SignallingCommunity"/>, asking an introducer to pass a message on (signed by the asker, no
/// global time): <c>varlenH</c> the key bin of the node to pass it to, <c>varlenH</c> the complete signed message to pass
/// (a <see cref="ConnectRequestPayload"/> or <see cref="ConnectReplyPayload"/> message of this community, signed by the same key).
/// </summary>
/// <param name="TargetKeyBin">Whom to pass it to.</param>
/// <param name="Inner">The signed message, byte for byte.</param>
internal readonly record struct RelayPayload(ReadOnlyMemory<byte> TargetKeyBin, ReadOnlyMemory<byte> Inner) : IPayload<RelayPayload>
{
    public const byte MessageId = 3;

    /// <summary>The largest wrapped message: 4 KiB.</summary>
    public const int MaxInnerLength = 4096;

    public void Write(ref PacketWriter writer)
    {
        writer.WriteVarLenH(TargetKeyBin.Span);
        writer.WriteVarLenH(Inner.Span);
    }

    public static bool TryRead(ref PacketReader reader, out RelayPayload payload)
    {
        payload = default;
        if (!reader.TryReadVarLenH(out var target))
            return false;
        var targetBytes = target.ToArray();
        if (!reader.TryReadVarLenH(out var inner))
            return false;
        if (inner.Length > MaxInnerLength)
            return reader.Fail(DropReason.OversizedField);
        payload = new RelayPayload(targetBytes, inner.ToArray());
        return true;
    }
}
