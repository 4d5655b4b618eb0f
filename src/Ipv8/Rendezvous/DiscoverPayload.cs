using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>
/// DISCOVER, message id 4 (signed, no global time): <c>I</c> identifier, <c>varlenH</c> namespace (empty: all
/// namespaces), <c>H</c> limit (0: the point's maximum), <c>varlenH</c> cookie (empty on the first page; else the
/// <see cref="DiscoverResponsePayload.Cookie"/> of the previous page, at most <see cref="MaxCookieBytes"/>).
/// </summary>
/// <param name="Identifier">The request identifier (echoed in the answer).</param>
/// <param name="Namespace">The namespace, or empty for all.</param>
/// <param name="Limit">The most records wanted over all pages.</param>
/// <param name="Cookie">The opaque cookie.</param>
public readonly record struct DiscoverPayload(uint Identifier, string Namespace, ushort Limit, ReadOnlyMemory<byte> Cookie) : IPayload<DiscoverPayload>
{
    /// <summary>The message id (4).</summary>
    public const byte MessageId = 4;

    /// <summary>The longest cookie accepted (64 bytes).</summary>
    public const int MaxCookieBytes = 64;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteUInt32(Identifier);
        writer.WriteVarLenHUtf8(Namespace);
        writer.WriteUInt16(Limit);
        writer.WriteVarLenH(Cookie.Span);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out DiscoverPayload payload)
    {
        payload = default;
        if (!reader.TryReadUInt32(out var identifier) || !reader.TryReadVarLenH(out var nsBytes))
        {
            return false;
        }

        var ns = string.Empty;
        if (nsBytes.Length > 0 && !SignedPeerRecord.TryDecodeNamespace(nsBytes, out ns))
        {
            return reader.Fail(nsBytes.Length > SignedPeerRecord.MaxNamespaceBytes ? DropReason.OversizedField : DropReason.Malformed);
        }

        if (!reader.TryReadUInt16(out var limit) || !reader.TryReadVarLenH(out var cookie))
        {
            return false;
        }

        if (cookie.Length > MaxCookieBytes)
        {
            return reader.Fail(DropReason.OversizedField);
        }

        payload = new DiscoverPayload(identifier, ns, limit, cookie.ToArray());
        return true;
    }
}
