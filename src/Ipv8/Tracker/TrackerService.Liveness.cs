using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Tracker;

/// <content>Responses to pings, the liveness pass and ping timeouts.</content>
public sealed partial class TrackerService
{
    private void OnResponse(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!SignedMessage.TryParse(datagram, hasGlobalTime: true, _keyParser, out var message, out var reason)
            || !message.TryReadPayload<IntroductionResponsePayload>(out var payload, out reason))
        {
            Counters.Drops.Increment(reason);
            return;
        }

        if (!_pending.TryGetValue(payload.Identifier, out var pending) || pending.Address != source
            || !pending.Key.KeyBin.SequenceEqual(message.KeyBin) || !datagram.StartsWith(pending.Prefix))
        {
            Counters.Increment(TrackerCounter.UnmatchedResponses);
            Counters.Drops.Increment(DropReason.Unexpected);
            return;
        }

        if (!message.Verify())
        {
            Counters.Drops.Increment(DropReason.BadSignature);
            return;
        }

        Counters.Increment(TrackerCounter.ResponsesReceived);
        _pending.Remove(payload.Identifier);
        if (pending.IsProof)
        {
            OnProven(pending);
            return;
        }

        if (_peerLookup.TryGetValue(message.KeyBin, out var peer))
        {
            peer.LastResponse = _time.GetUtcNow();
            if (payload.PeerLimitReached && _communities.TryGet(pending.PrefixKey, out var community))
            {
                Counters.Increment(TrackerCounter.PeerLimitServicesRemoved);
                RemoveService(peer, community);
            }
        }
    }

    private void OnProven(PendingPing pending)
    {
        Counters.Increment(TrackerCounter.AddressesProven);
        _unproven.Forget(pending.Address);
        _loopback?.Forget(pending.Address);
        if (_proven.Reset(pending.Address, _time.GetTimestamp(), out var evicted))
        {
            Counters.Increment(TrackerCounter.ProvenAddressesEvicted);
            TrackerLog.ProvenEvicted(_logger, evicted);
        }

        var peer = Register(pending.PrefixKey, pending.Prefix, pending.Key, pending.Address, pending.RequestLan, out var community);
        Respond(pending.Key, peer, community, pending.Prefix, pending.Address, pending.RequestDestination, pending.RequestIdentifier, deferred: null);
    }

    private void OnLivenessTimer()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            try
            {
                LivenessPass();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                TrackerLog.TimerFailed(_logger, ex);
            }
        }
    }

    /// <summary>A RandomChurn pass (spec 8.4) over the registered peers, with introduction-requests as pings.</summary>
    private void LivenessPass()
    {
        var now = _time.GetUtcNow();
        var sample = Math.Min(_options.ChurnSampleSize, _allPeers.Count);
        _scratch.Clear();
        for (var i = 0; i < sample; i++)
        {
            // Sample with replacement and skip repeats (at most ChurnSampleSize distinct peers).
            var candidate = _allPeers[_random.Next(_allPeers.Count)];
            if (!_scratch.Contains(candidate))
            {
                _scratch.Add(candidate);
            }
        }

        foreach (var peer in _scratch)
        {
            if (peer.Index < 0)
            {
                continue;
            }

            if (peer.PingedAt is not null && now > peer.LastResponse + _options.DropTime)
            {
                Counters.Increment(TrackerCounter.PeersDropped);
                _proven.Remove(peer.Address);
                RemovePeer(peer);
                continue;
            }

            if (peer.PingedAt is { } pinged && now - pinged > _options.PingInterval)
            {
                peer.PingedAt = null;
            }

            if (peer.PingedAt is null && peer.Services.Count > 0)
            {
                peer.PingedAt = now;
                var community = peer.Services[_random.Next(peer.Services.Count)];
                SendPing(peer.Address, peer.Key, community.Prefix, int.MaxValue, new PendingPing
                {
                    Identifier = 0,
                    Address = peer.Address,
                    Key = peer.Key,
                    PrefixKey = community.Key,
                    Prefix = community.Prefix,
                    Deadline = default,
                });
            }
        }

        _scratch.Clear();
    }

    private void OnSweepTimer()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            var now = _time.GetUtcNow();
            while (_proofOrder.TryPeek(out var proof) && proof.Deadline <= now)
            {
                _proofOrder.Dequeue();
            }

            while (_pendingOrder.TryPeek(out var head) && head.Deadline <= now)
            {
                _pendingOrder.Dequeue();
                if (!_pending.TryGetValue(head.Identifier, out var current) || !ReferenceEquals(current, head))
                {
                    continue;
                }

                _pending.Remove(head.Identifier);
                if (head.IsProof)
                {
                    Counters.Increment(TrackerCounter.ProofTimeouts);
                }
                else
                {
                    Counters.Increment(TrackerCounter.LivenessTimeouts);
                    if (_peerLookup.TryGetValue(head.Key.KeyBin, out var peer) && _communities.Contains(head.PrefixKey))
                    {
                        var community = peer.Services.Find(c => c.Key == head.PrefixKey);
                        if (community is not null)
                        {
                            RemoveService(peer, community);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Removes <paramref name="peer"/> from <paramref name="community"/>; removes the peer when it has no services left and the community when it has no peers left.</summary>
    private void RemoveService(TrackerPeer peer, TrackerCommunity community)
    {
        peer.Services.Remove(community);
        community.Peers.Remove(peer);
        if (community.Peers.Count == 0)
        {
            _communities.Remove(community.Key);
        }

        if (peer.Services.Count == 0)
        {
            RemovePeer(peer);
        }
    }

    private void RemovePeer(TrackerPeer peer)
    {
        if (peer.Index < 0)
        {
            return;
        }

        foreach (var community in peer.Services)
        {
            community.Peers.Remove(peer);
            if (community.Peers.Count == 0)
            {
                _communities.Remove(community.Key);
            }
        }

        peer.Services.Clear();
        var last = _allPeers[^1];
        _allPeers[peer.Index] = last;
        last.Index = peer.Index;
        _allPeers.RemoveAt(_allPeers.Count - 1);
        peer.Index = -1;
        _peerLookup.Remove(peer.Key.KeyBin);
    }

    /// <summary>Forgets an evicted community: its peers lose the service (and are removed when it was their last).</summary>
    private void ForgetCommunity(TrackerCommunity community)
    {
        foreach (var peer in community.Peers.ToArray())
        {
            peer.Services.Remove(community);
            if (peer.Services.Count == 0)
            {
                RemovePeer(peer);
            }
        }

        community.Peers.Clear();
    }
}
