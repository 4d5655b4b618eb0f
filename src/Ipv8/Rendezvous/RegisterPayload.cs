using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>
/// REGISTER, message id 1 of <see cref="RendezvousCommunity"/> (signed, no global time, as py-ipv8's <c>ezr_pack</c>):
/// <c>I</c> identifier (echoed in the answer), <c>varlenH</c> namespace, <c>I</c> requested TTL in seconds (0: the
/// point's default), and the registrant's <see cref="SignedPeerRecord"/>.
/// </summary>
/// <param name="Identifier">The request identifier.</param>
/// <param name="Namespace">The namespace (1-255 UTF-8 bytes).</param>
/// <param name="RequestedTtlSeconds">The TTL asked for, in seconds; 0 asks for the default.</param>
/// <param name="Record">The signed record.</param>
public readonly record struct RegisterPayload(uint Identifier, string Namespace, uint RequestedTtlSeconds, SignedPeerRecord Record) : IPayload<RegisterPayload>
{
    /// <summary>The message id (1).</summary>
    public const byte MessageId = 1;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteUInt32(Identifier);
        writer.WriteVarLenHUtf8(Namespace);
        writer.WriteUInt32(RequestedTtlSeconds);
        Record.Write(ref writer);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out RegisterPayload payload)
    {
        payload = default;
        if (!reader.TryReadUInt32(out var identifier) || !reader.TryReadVarLenH(out var nsBytes))
        {
            return false;
        }

        if (!SignedPeerRecord.TryDecodeNamespace(nsBytes, out var ns))
        {
            return reader.Fail(nsBytes.Length > SignedPeerRecord.MaxNamespaceBytes ? DropReason.OversizedField : DropReason.Malformed);
        }

        if (!reader.TryReadUInt32(out var ttl) || !SignedPeerRecord.TryRead(ref reader, out var record))
        {
            return false;
        }

        payload = new RegisterPayload(identifier, ns, ttl, record);
        return true;
    }
}
