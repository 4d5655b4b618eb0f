using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Communities;

/// <content>
/// Verify-then-apply dispatch of signed messages: with receive workers (<see cref="UdpEndpointOptions.ReceiveWorkers"/>)
/// several datagrams reach <see cref="OnDatagram"/> at once; admission runs under the network lock, the
/// signature check runs outside it (in parallel), the handler runs under it again (state changes stay serialized), and
/// the signatures of the answers it writes are made and sent after the lock is released.
/// </content>
public partial class Community
{
    // The smallest copy of a preverified datagram kept: introduction requests and responses fit (the buffer grows to the
    // largest datagram seen). Allocated at the first signed datagram, not per community up front (1 KB per simulated peer).
    private const int PreverifiedInitialSize = 256;

    private readonly DeferredSendsPool _deferredPool = new();
    private byte[] _preverifiedBytes = [];
    private int _preverifiedLength = -1;
    private bool _preverifiedHasGlobalTime;
    private bool _preverifiedValid;
    private DeferredSends? _deferredSends;

    /// <summary>How a message id's handler reads its datagram, as far as the dispatcher knows.</summary>
    private enum SignedIdKind : byte
    {
        /// <summary>Unknown (a raw handler, or unsigned): the handler runs under the lock and verifies what it needs itself.</summary>
        None,

        /// <summary>A signed message with a global-time field: verified before the lock is taken.</summary>
        WithGlobalTime,

        /// <summary>A signed message without global time (py-ipv8's <c>ezr_pack</c>): verified before the lock is taken.</summary>
        WithoutGlobalTime,
    }

    /// <summary>Marks <paramref name="messageId"/> as carrying a signed message, so its signature is checked outside the lock.</summary>
    private void MarkSigned(byte messageId, bool hasGlobalTime)
    {
        lock (Network.SyncRoot)
        {
            var kind = hasGlobalTime ? SignedIdKind.WithGlobalTime : SignedIdKind.WithoutGlobalTime;
            _handlers.Set(messageId, _handlers.TryGetValue(messageId, out var slot) ? slot with { Kind = kind } : new HandlerSlot(null, kind));
        }
    }

    /// <summary>A message id's handler (null while only its kind is known) and how its datagrams are read.</summary>
    private readonly record struct HandlerSlot(MessageHandler? Handler, SignedIdKind Kind);

    /// <summary>The signed reserved ids (introductions and punctures; puncture-requests are unsigned).</summary>
    private void MarkReservedSignedIds()
    {
        MarkSigned(IntroductionRequestPayload.MessageId, hasGlobalTime: true);
        MarkSigned(NewIntroductionRequestPayload.MessageId, hasGlobalTime: true);
        MarkSigned(IntroductionResponsePayload.MessageId, hasGlobalTime: true);
        MarkSigned(NewIntroductionResponsePayload.MessageId, hasGlobalTime: true);
        MarkSigned(PuncturePayload.MessageId, hasGlobalTime: true);
        MarkSigned(NewPuncturePayload.MessageId, hasGlobalTime: true);
    }

    /// <summary>Verifies an admitted signed datagram outside the lock, runs its handler under it, then signs and sends the answers.</summary>
    private void DispatchSigned(MessageHandler handler, SignedIdKind kind, UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        var hasGlobalTime = kind == SignedIdKind.WithGlobalTime;

        // Parse and verify need no community state. A datagram that does not parse is left to the handler, which counts
        // the reason; the verdict is only a cache of what the handler would compute from the same bytes.
        bool? valid = null;
        if (SignedMessage.TryParse(datagram, hasGlobalTime, _keyParser, out var message, out _))
        {
            valid = message.Verify();
        }

        var deferred = _deferredPool.Rent();
        try
        {
            lock (Network.SyncRoot)
            {
                if (_unloaded)
                {
                    return;
                }

                // Saved and restored: a handler may send through an endpoint that delivers synchronously (tests, loopback).
                var outerLength = _preverifiedLength;
                var outerHasGlobalTime = _preverifiedHasGlobalTime;
                var outerValid = _preverifiedValid;
                var outerDeferred = _deferredSends;
                byte[]? outerBytes = null;
                if (outerLength >= 0)
                {
                    outerBytes = _preverifiedBytes;
                    _preverifiedBytes = new byte[Math.Max(datagram.Length, PreverifiedInitialSize)];
                }

                SetPreverified(datagram, hasGlobalTime, valid);
                _deferredSends = deferred;
                try
                {
                    RunHandler(handler, source, datagram);
                }
                finally
                {
                    _deferredSends = outerDeferred;
                    _preverifiedLength = outerLength;
                    _preverifiedHasGlobalTime = outerHasGlobalTime;
                    _preverifiedValid = outerValid;
                    if (outerBytes is not null)
                    {
                        _preverifiedBytes = outerBytes;
                    }
                }
            }

            deferred.Flush(Endpoint, out _);
        }
        finally
        {
            _deferredPool.Return(deferred);
        }
    }

    private void SetPreverified(ReadOnlySpan<byte> datagram, bool hasGlobalTime, bool? valid)
    {
        if (valid is not { } verdict)
        {
            _preverifiedLength = -1;
            return;
        }

        if (_preverifiedBytes.Length < datagram.Length)
        {
            _preverifiedBytes = new byte[Math.Max(datagram.Length, PreverifiedInitialSize)];
        }

        datagram.CopyTo(_preverifiedBytes);
        _preverifiedLength = datagram.Length;
        _preverifiedHasGlobalTime = hasGlobalTime;
        _preverifiedValid = verdict;
    }

    /// <summary>
    /// Returns true with the signature verdict when exactly these bytes, read with the same layout, were verified outside the
    /// lock for the datagram being handled. Called under the lock.
    /// </summary>
    private bool TryGetPreverified(ReadOnlySpan<byte> datagram, bool hasGlobalTime, out bool valid)
    {
        valid = false;
        if (_preverifiedLength != datagram.Length
            || _preverifiedHasGlobalTime != hasGlobalTime
            || !datagram.SequenceEqual(_preverifiedBytes.AsSpan(0, _preverifiedLength)))
        {
            return false;
        }

        valid = _preverifiedValid;
        return true;
    }

    /// <summary>
    /// Signs the first <paramref name="bodyLength"/> bytes of <paramref name="buffer"/> (written by
    /// <see cref="MessageFraming.WriteSignedBody"/> with our key) and sends the message; while a received datagram is being
    /// handled the signing and sending wait until the lock is released (the order of these sends is kept).
    /// </summary>
    private void SendSignedBody(UdpAddress destination, Span<byte> buffer, int bodyLength)
    {
        if (_deferredSends is { } deferred)
        {
            deferred.Add(destination, buffer[..bodyLength], MyPeer.PrivateKey);
            return;
        }

        var length = MessageFraming.SignInPlace(buffer, bodyLength, MyPeer.PrivateKey);
        Endpoint.Send(destination, buffer[..length]);
    }

    /// <summary>
    /// Sends an unsigned datagram; while a received datagram is being handled the send system call waits until the lock is
    /// released (in order with the signed answers). Returns false when the endpoint refused it (always true when deferred).
    /// </summary>
    private bool SendOrDefer(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        if (_deferredSends is { } deferred)
        {
            deferred.Add(destination, datagram, key: null);
            return true;
        }

        return Endpoint.Send(destination, datagram);
    }
}
