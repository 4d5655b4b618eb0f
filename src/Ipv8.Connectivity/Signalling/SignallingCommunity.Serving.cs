using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Reachability;
using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Connectivity.Signalling;

/// <content>Incoming requests and replies, and relaying for others.</content>
public sealed partial class SignallingCommunity
{
    private readonly RateBudget<UdpAddress> _sourceBudget;
    private readonly RateBudget<string> _targetBudget;
    private readonly Dictionary<string, RelayEntry> _relays = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, long Expires)> _seenOrder = new();

    private long NowTicks => TimeProvider.GetUtcNow().UtcTicks;

    private void OnConnectRequest(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TryReadSignedMessage(source, datagram, out var message, hasGlobalTime: false))
            return;

        // Nothing goes back to an address where the key has not proven itself: no reflection, no amplification.
        if (!IsTrustedSource(source, message.PublicKey))
        {
            _counters.Increment(SignallingCounter.RefusedUnprovenSource);
            Drop(DropReason.UntrustedSource, source);
            return;
        }

        if (!_sourceBudget.TryTake(source, NowTicks))
        {
            _counters.Increment(SignallingCounter.RefusedRateLimited);
            Drop(DropReason.RateLimited, source);
            return;
        }

        if (!message.TryReadPayload<ConnectRequestPayload>(out var payload, out var reason))
        {
            _counters.Increment(SignallingCounter.RefusedMalformed);
            Drop(reason, source);
            return;
        }

        var requester = message.PublicKey;
        HandleRequest(requester, payload, source, reply => Endpoint.Send(source, reply));
    }

    private void OnConnectReply(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TryReadSignedMessage(source, datagram, out var message, hasGlobalTime: false))
            return;
        if (!message.TryReadPayload<ConnectReplyPayload>(out var payload, out var reason))
        {
            _counters.Increment(SignallingCounter.RefusedMalformed);
            Drop(reason, source);
            return;
        }

        CompletePending(message.PublicKey, payload);
    }

    private void OnRelay(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TryReadSignedMessage(source, datagram, out var message, hasGlobalTime: false))
            return;
        if (!IsTrustedSource(source, message.PublicKey))
        {
            _counters.Increment(SignallingCounter.RefusedUnprovenSource);
            Drop(DropReason.UntrustedSource, source);
            return;
        }

        if (!_sourceBudget.TryTake(source, NowTicks))
        {
            _counters.Increment(SignallingCounter.RefusedRateLimited);
            Drop(DropReason.RateLimited, source);
            return;
        }

        if (!message.TryReadPayload<RelayPayload>(out var relay, out var reason))
        {
            _counters.Increment(SignallingCounter.RefusedMalformed);
            Drop(reason, source);
            return;
        }

        if (!TryOpenInner(relay.Inner.Span, source, out var inner))
            return;

        // Only one's own messages are passed on: nobody can have us carry words signed by someone else.
        if (!inner.KeyBin.SequenceEqual(message.KeyBin))
        {
            _counters.Increment(SignallingCounter.RelayRefusedForgedInner);
            Drop(DropReason.UntrustedSource, source);
            return;
        }

        var senderHex = Convert.ToHexString(message.KeyBin);
        var targetHex = Convert.ToHexString(relay.TargetKeyBin.Span);
        if (inner.MessageId == ConnectRequestPayload.MessageId)
        {
            if (!inner.TryReadPayload<ConnectRequestPayload>(out var request, out reason))
            {
                _counters.Increment(SignallingCounter.RefusedMalformed);
                Drop(reason, source);
                return;
            }

            var target = Network.GetVerifiedByPublicKeyBin(relay.TargetKeyBin.Span);
            if ((target?.IPv4Address ?? target?.IPv6Address) is not { } targetAddress)
            {
                _counters.Increment(SignallingCounter.RelayRefusedUnknownTarget);
                return;
            }

            if (!_targetBudget.TryTake(targetHex, NowTicks))
            {
                _counters.Increment(SignallingCounter.RefusedRateLimited);
                Drop(DropReason.RateLimited, source);
                return;
            }

            var now = NowTicks;
            if (_relays.Count >= Options.MaxRelayEntries)
            {
                foreach (var expired in _relays.Where(r => r.Value.ExpiresTicks <= now).Select(r => r.Key).ToList())
                    _relays.Remove(expired);
            }

            if (_relays.Count >= Options.MaxRelayEntries)
            {
                _counters.Increment(SignallingCounter.RelayRefusedTableFull);
                return;
            }

            _relays[RelayKey(senderHex, targetHex, request.Identifier)] = new RelayEntry(source, now + Options.RelayLifetime.Ticks);
            SendSignedWithoutGlobalTime(targetAddress, RelayedPayload.MessageId, new RelayedPayload(source, relay.Inner));
            _counters.Increment(SignallingCounter.RelaysForwarded);
        }
        else if (inner.MessageId == ConnectReplyPayload.MessageId)
        {
            if (!inner.TryReadPayload<ConnectReplyPayload>(out var reply, out reason))
            {
                _counters.Increment(SignallingCounter.RefusedMalformed);
                Drop(reason, source);
                return;
            }

            // A reply travels back only along a request we relayed, once, before it expired.
            var key = RelayKey(targetHex, senderHex, reply.Identifier);
            if (!_relays.Remove(key, out var entry) || entry.ExpiresTicks <= NowTicks)
            {
                _counters.Increment(SignallingCounter.RelayRepliesUnsolicited);
                Drop(DropReason.UnsolicitedResponse, source);
                return;
            }

            SendSignedWithoutGlobalTime(entry.RequesterAddress, RelayedPayload.MessageId, new RelayedPayload(source, relay.Inner));
            _counters.Increment(SignallingCounter.RelayRepliesForwarded);
        }
        else
        {
            _counters.Increment(SignallingCounter.RefusedMalformed);
            Drop(DropReason.UnknownMessageId, source);
        }
    }

    private void OnRelayed(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TryReadSignedMessage(source, datagram, out var message, hasGlobalTime: false))
            return;
        if (!IsTrustedSource(source, message.PublicKey))
        {
            _counters.Increment(SignallingCounter.RelayedFromUntrustedIntroducer);
            Drop(DropReason.UntrustedSource, source);
            return;
        }

        if (!message.TryReadPayload<RelayedPayload>(out var relayed, out var reason))
        {
            _counters.Increment(SignallingCounter.RefusedMalformed);
            Drop(reason, source);
            return;
        }

        if (!TryOpenInner(relayed.Inner.Span, source, out var inner))
            return;
        var signer = inner.PublicKey;
        if (inner.MessageId == ConnectReplyPayload.MessageId)
        {
            if (!inner.TryReadPayload<ConnectReplyPayload>(out var reply, out reason))
            {
                _counters.Increment(SignallingCounter.RefusedMalformed);
                Drop(reason, source);
                return;
            }

            CompletePending(signer, reply);
            return;
        }

        if (inner.MessageId != ConnectRequestPayload.MessageId || !inner.TryReadPayload<ConnectRequestPayload>(out var request, out reason))
        {
            _counters.Increment(SignallingCounter.RefusedMalformed);
            Drop(DropReason.Malformed, source);
            return;
        }

        if (!_sourceBudget.TryTake(source, NowTicks))
        {
            _counters.Increment(SignallingCounter.RefusedRateLimited);
            Drop(DropReason.RateLimited, source);
            return;
        }

        var introducer = source;
        var back = new RelayPayload(signer.KeyBin.ToArray(), ReadOnlyMemory<byte>.Empty);
        HandleRequest(signer, request, relayed.Observed, reply => SendSignedWithoutGlobalTime(introducer, RelayPayload.MessageId, back with { Inner = reply }));
    }

    /// <summary>Checks a request and hands it to the handler; <paramref name="sendReply"/> sends the signed reply (called under the network lock).</summary>
    private void HandleRequest(PublicKey requester, ConnectRequestPayload payload, UdpAddress observed, Action<byte[]> sendReply)
    {
        var now = NowTicks;
        if (!Remember(Convert.ToHexString(requester.KeyBin) + ":" + payload.Identifier.ToString(System.Globalization.CultureInfo.InvariantCulture), now))
        {
            _counters.Increment(SignallingCounter.DuplicatesIgnored);
            return;
        }

        var request = payload.Request;
        if (!ReachabilityRecord.TryDecode(request.Record, _keys, TimeProvider.GetUtcNow(), out var record, out var error) || !record.Key.Equals(requester))
        {
            _counters.Increment(SignallingCounter.RefusedForgedRecord);
            sendReply(Sign(ConnectReplyPayload.MessageId, new ConnectReplyPayload(payload.Identifier, SignalReply.Refuse(error is null ? "the record is signed by another key than the request" : $"invalid reachability record: {error}"))));
            return;
        }

        var observedIp = observed.ToIPAddress();
        if (!record.Addresses.Contains(observedIp))
        {
            _counters.Increment(SignallingCounter.RefusedThirdPartyAddress);
            sendReply(Sign(ConnectReplyPayload.MessageId, new ConnectReplyPayload(payload.Identifier, SignalReply.Refuse($"the request came from {observedIp}, an address the requester's record does not list"))));
            return;
        }

        if (Volatile.Read(ref _handler) is not { } handler)
        {
            sendReply(Sign(ConnectReplyPayload.MessageId, new ConnectReplyPayload(payload.Identifier, SignalReply.Refuse("this node accepts no connection requests"))));
            return;
        }

        _counters.Increment(SignallingCounter.RequestsHandled);
        var timeout = new CancellationTokenSource(Options.HandlerTimeout, TimeProvider);
        Task<SignalReply> answer;
        try
        {
            answer = handler(requester, request with { ObservedAddress = observedIp }, timeout.Token);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            answer = Task.FromException<SignalReply>(e);
        }

        if (answer.IsCompleted)
        {
            // The common case (a refusal, or a reverse connect started in the background): answer inside this handler.
            timeout.Dispose();
            sendReply(Sign(ConnectReplyPayload.MessageId, new ConnectReplyPayload(payload.Identifier, Outcome(answer))));
            return;
        }

        _ = answer.ContinueWith(
            done =>
            {
                timeout.Dispose();
                lock (Network.SyncRoot)
                {
                    if (!IsUnloaded)
                        sendReply(Sign(ConnectReplyPayload.MessageId, new ConnectReplyPayload(payload.Identifier, Outcome(done))));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private static SignalReply Outcome(Task<SignalReply> answer) =>
        answer.IsCompletedSuccessfully ? answer.Result
        : answer.IsCanceled ? SignalReply.Refuse("the request was not answered in time")
        : SignalReply.Refuse("the request could not be handled");

    private void CompletePending(PublicKey signer, ConnectReplyPayload reply)
    {
        if (!_pending.TryGetValue(reply.Identifier, out var pending) || !pending.Target.Equals(signer))
        {
            _counters.Increment(SignallingCounter.RepliesUnsolicited);
            return;
        }

        if (pending.Completion.TrySetResult(reply.Reply))
            _counters.Increment(SignallingCounter.RepliesReceived);
    }

    /// <summary>Parses and verifies a wrapped message of this community; counts and returns false otherwise.</summary>
    private bool TryOpenInner(ReadOnlySpan<byte> bytes, UdpAddress source, out SignedMessage inner)
    {
        if (!SignedMessage.TryParse(bytes, hasGlobalTime: false, _keys, out inner, out var reason))
        {
            _counters.Increment(SignallingCounter.RefusedMalformed);
            Drop(reason, source);
            return false;
        }

        if (!inner.Prefix.SequenceEqual(Prefix.Bytes) || !inner.Verify())
        {
            _counters.Increment(SignallingCounter.RefusedMalformed);
            Drop(inner.Prefix.SequenceEqual(Prefix.Bytes) ? DropReason.BadSignature : DropReason.UnknownPrefix, source);
            return false;
        }

        return true;
    }

    /// <summary>Remembers a request key; false when it was seen before (and not yet forgotten).</summary>
    private bool Remember(string key, long now)
    {
        while (_seenOrder.Count > 0 && (_seenOrder.Peek().Expires <= now || _seenOrder.Count >= Options.MaxRememberedRequests))
        {
            var (old, expires) = _seenOrder.Dequeue();
            if (_seen.TryGetValue(old, out var current) && current == expires)
                _seen.Remove(old);
        }

        if (_seen.ContainsKey(key))
            return false;
        var until = now + Options.RememberRequestsFor.Ticks;
        _seen[key] = until;
        _seenOrder.Enqueue((key, until));
        return true;
    }

    private static string RelayKey(string requesterHex, string targetHex, uint identifier) =>
        requesterHex + ">" + targetHex + ":" + identifier.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed record RelayEntry(UdpAddress RequesterAddress, long ExpiresTicks);
}
