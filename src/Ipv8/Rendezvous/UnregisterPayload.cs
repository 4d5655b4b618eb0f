using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>
/// UNREGISTER, message id 3 (signed, no global time): <c>varlenH</c> namespace. Removes the signer's registration under
/// that namespace; never answered (as libp2p).
/// </summary>
/// <param name="Namespace">The namespace (1-255 UTF-8 bytes).</param>
public readonly record struct UnregisterPayload(string Namespace) : IPayload<UnregisterPayload>
{
    /// <summary>The message id (3).</summary>
    public const byte MessageId = 3;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer) => writer.WriteVarLenHUtf8(Namespace);

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out UnregisterPayload payload)
    {
        payload = default;
        if (!reader.TryReadVarLenH(out var nsBytes))
        {
            return false;
        }

        if (!SignedPeerRecord.TryDecodeNamespace(nsBytes, out var ns))
        {
            return reader.Fail(nsBytes.Length > SignedPeerRecord.MaxNamespaceBytes ? DropReason.OversizedField : DropReason.Malformed);
        }

        payload = new UnregisterPayload(ns);
        return true;
    }
}
