using System.Buffers;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Communities;

/// <content>Parsing, verifying and sending messages.</content>
public partial class Community
{
    /// <summary>
    /// Parses a signed message, reads its payload (which must fill the body exactly), verifies the signature and
    /// resolves the sender (spec 3.2). On failure counts the drop by reason and returns false.
    /// </summary>
    protected bool TryReadSigned<TPayload>(UdpAddress source, ReadOnlySpan<byte> datagram, out Peer sender, out ulong globalTime, out TPayload payload, bool hasGlobalTime = true)
        where TPayload : IPayload<TPayload>
    {
        sender = null!;
        globalTime = 0;
        payload = default!;
        if (!TryReadSignedMessage(source, datagram, out var message, hasGlobalTime))
        {
            return false;
        }

        if (!message.TryReadPayload(out payload, out var reason))
        {
            Drop(reason, source);
            return false;
        }

        globalTime = message.GlobalTime;
        sender = ResolveSender(message.PublicKey, source);
        return true;
    }

    /// <summary>
    /// Parses the framing of a signed message and verifies its signature, leaving the payload to the caller (for
    /// handlers that try several payload layouts). On failure counts the drop by reason and returns false.
    /// </summary>
    protected bool TryReadSignedMessage(UdpAddress source, ReadOnlySpan<byte> datagram, out SignedMessage message, bool hasGlobalTime = true)
    {
        if (!SignedMessage.TryParse(datagram, hasGlobalTime, _keyParser, out message, out var reason))
        {
            Drop(reason, source);
            return false;
        }

        // A datagram already verified outside the lock (same bytes, same layout) is not verified again.
        if (!(TryGetPreverified(datagram, hasGlobalTime, out var valid) ? valid : message.Verify()))
        {
            Drop(DropReason.BadSignature, source);
            return false;
        }

        return true;
    }

    /// <summary>Parses an unsigned message and its payload (which must fill the body exactly); counts drops.</summary>
    protected bool TryReadUnsigned<TPayload>(UdpAddress source, ReadOnlySpan<byte> datagram, out ulong globalTime, out TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        globalTime = 0;
        payload = default!;
        if (!UnsignedMessage.TryParse(datagram, out var message, out var reason) || !message.TryReadPayload(out payload, out reason))
        {
            Drop(reason, source);
            return false;
        }

        globalTime = message.GlobalTime;
        return true;
    }

    /// <summary>
    /// Returns the verified peer with <paramref name="key"/> (adding <paramref name="source"/> to its address slots),
    /// or a new transient peer for (key, source) that is not added to the network (spec 3.2 step 6). With trust on
    /// (<see cref="PeerTrustOptions"/>) a verified peer's address never moves here: a known key arriving from an address
    /// that is not one of its own yields a transient peer at that address (counted in <see cref="TrustCounter.AddressMovesRefused"/>).
    /// </summary>
    protected Peer ResolveSender(PublicKey key, UdpAddress source)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (Network.GetVerifiedByPublicKeyBin(key.KeyBin) is { } known)
        {
            if (!TrustEnabled)
            {
                known.AddAddress(source);
                return known;
            }

            if (known.HasAddress(source))
            {
                return known;
            }

            _trust.Counters.Increment(TrustCounter.AddressMovesRefused);
        }

        return new Peer(key, source, TimeProvider.GetUtcNow());
    }

    /// <summary>
    /// Signs and sends a message with global time to <paramref name="destination"/>; claims a fresh global time when
    /// <paramref name="globalTime"/> is null. Returns false when the endpoint refused the datagram (counted there).
    /// </summary>
    /// <exception cref="InvalidOperationException">The message exceeds <see cref="EndpointCounters.MaxSendSize"/>.</exception>
    protected bool SendSigned<TPayload>(UdpAddress destination, byte messageId, in TPayload payload, ulong? globalTime = null)
        where TPayload : IPayload<TPayload>
    {
        var buffer = ArrayPool<byte>.Shared.Rent(EndpointCounters.MaxSendSize);
        try
        {
            var length = MessageFraming.WriteSigned(buffer.AsSpan(0, EndpointCounters.MaxSendSize), Prefix.Bytes, messageId, MyPeer.PrivateKey, globalTime ?? MyPeer.ClaimGlobalTime(), in payload);
            return Endpoint.Send(destination, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Signs and sends a py-ipv8 "dataclass-style" message without a global-time field (<c>ezr_pack</c>) to
    /// <paramref name="destination"/>. Returns false when the endpoint refused the datagram (counted there).
    /// </summary>
    /// <exception cref="InvalidOperationException">The message exceeds <see cref="EndpointCounters.MaxSendSize"/>.</exception>
    protected bool SendSignedWithoutGlobalTime<TPayload>(UdpAddress destination, byte messageId, in TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        var buffer = ArrayPool<byte>.Shared.Rent(EndpointCounters.MaxSendSize);
        try
        {
            var length = MessageFraming.WriteSignedWithoutGlobalTime(buffer.AsSpan(0, EndpointCounters.MaxSendSize), Prefix.Bytes, messageId, MyPeer.PrivateKey, in payload);
            return Endpoint.Send(destination, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends an unsigned message; claims a fresh global time when <paramref name="globalTime"/> is null.</summary>
    /// <exception cref="InvalidOperationException">The message exceeds <see cref="EndpointCounters.MaxSendSize"/>.</exception>
    protected bool SendUnsigned<TPayload>(UdpAddress destination, byte messageId, in TPayload payload, ulong? globalTime = null)
        where TPayload : IPayload<TPayload>
    {
        var buffer = ArrayPool<byte>.Shared.Rent(EndpointCounters.MaxSendSize);
        try
        {
            var length = MessageFraming.WriteUnsigned(buffer.AsSpan(0, EndpointCounters.MaxSendSize), Prefix.Bytes, messageId, globalTime ?? MyPeer.ClaimGlobalTime(), in payload);
            return Endpoint.Send(destination, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Signs and sends a small base-protocol message from a stack buffer (no pool round trip); see <see cref="SendSignedBody"/>.</summary>
    private void SendSignedSmall<TPayload>(UdpAddress destination, byte messageId, in TPayload payload, ulong globalTime)
        where TPayload : IPayload<TPayload>
    {
        Span<byte> buffer = stackalloc byte[SmallBufferSize];
        var body = MessageFraming.WriteSignedBody(buffer, Prefix.Bytes, messageId, MyPeer.PrivateKey.PublicKey, globalTime, in payload);
        SendSignedBody(destination, buffer, body);
    }

    /// <summary>Sends a small unsigned base-protocol message from a stack buffer (deferred like <see cref="SendOrDefer"/>).</summary>
    private bool SendUnsignedSmall<TPayload>(UdpAddress destination, byte messageId, in TPayload payload, ulong globalTime)
        where TPayload : IPayload<TPayload>
    {
        Span<byte> buffer = stackalloc byte[SmallBufferSize];
        var length = MessageFraming.WriteUnsigned(buffer, Prefix.Bytes, messageId, globalTime, in payload);
        return SendOrDefer(destination, buffer[..length]);
    }
}
