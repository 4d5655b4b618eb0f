using Ipv8.Messaging;

namespace Ipv8.Connectivity.Signalling;

/// <summary>
/// Message 4 of <see cref="SignallingCommunity"/>, a message passed on by an introducer (signed by the introducer, no
/// global time): <c>ip_address</c> the source the introducer saw the wrapped message's signer at (it vouches for it),
/// <c>varlenH</c> the complete signed message as it arrived.
/// </summary>
/// <param name="Observed">Where the introducer saw the signer.</param>
/// <param name="Inner">The signed message, byte for byte.</param>
internal readonly record struct RelayedPayload(UdpAddress Observed, ReadOnlyMemory<byte> Inner) : IPayload<RelayedPayload>
{
    public const byte MessageId = 4;

    public void Write(ref PacketWriter writer)
    {
        writer.WriteIpAddress(Observed);
        writer.WriteVarLenH(Inner.Span);
    }

    public static bool TryRead(ref PacketReader reader, out RelayedPayload payload)
    {
        payload = default;
        if (!reader.TryReadIpAddress(out var observed) || !reader.TryReadVarLenH(out var inner))
            return false;
        if (inner.Length > RelayPayload.MaxInnerLength)
            return reader.Fail(DropReason.OversizedField);
        payload = new RelayedPayload(observed, inner.ToArray());
        return true;
    }
}
