using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Tracker;

/// <content>Introduction requests: proof pings, registration and answers.</content>
public sealed partial class TrackerService
{
    /// <summary>
    /// Handles an admitted introduction-request under the lock. <paramref name="preverified"/>: the signature verdict found
    /// outside the lock for these bytes (null when they did not parse there). The answer goes to <paramref name="deferred"/>.
    /// </summary>
    private void OnRequest(UdpAddress source, ReadOnlySpan<byte> datagram, bool proven, bool? preverified, DeferredSends deferred)
    {
        if (!proven && _pingSize > datagram.Length)
        {
            // Even the smallest answer (a proof ping) would be larger than the request.
            Counters.Increment(TrackerCounter.RefusedByReflectionBudget);
            return;
        }

        if (!SignedMessage.TryParse(datagram, hasGlobalTime: true, _keyParser, out var message, out var reason)
            || !message.TryReadPayload<IntroductionRequestPayload>(out var payload, out reason))
        {
            Counters.Drops.Increment(reason);
            return;
        }

        if (!(preverified ?? message.Verify()))
        {
            Counters.Drops.Increment(DropReason.BadSignature);
            return;
        }

        Counters.Increment(TrackerCounter.RequestsReceived);
        var prefix = datagram[..CommunityPrefix.Length];
        var key = message.PublicKey;
        var lan = payload.SourceLanAddress.IsIPv4 ? payload.SourceLanAddress : UdpAddress.Zero;
        if (proven)
        {
            var peer = Register(PrefixKey.From(prefix), prefix, key, source, lan, out var community);
            Respond(key, peer, community, prefix, source, payload.DestinationAddress, payload.Identifier, deferred);
        }
        else
        {
            SendPing(source, key, prefix, datagram.Length, new PendingPing
            {
                Identifier = 0,
                Address = source,
                Key = key,
                PrefixKey = PrefixKey.From(prefix),
                Prefix = prefix.ToArray(),
                Deadline = default,
                IsProof = true,
                RequestDestination = payload.DestinationAddress,
                RequestLan = lan,
                RequestIdentifier = payload.Identifier,
            });
        }
    }

    /// <summary>
    /// Sends an introduction-request to <paramref name="destination"/> under <paramref name="prefix"/> with a fresh random
    /// identifier and records <paramref name="template"/> as pending. Refused when the ping would exceed
    /// <paramref name="byteBudget"/> or the pending table is full.
    /// </summary>
    private bool SendPing(UdpAddress destination, PublicKey key, ReadOnlySpan<byte> prefix, int byteBudget, PendingPing template)
    {
        if (_pending.Count >= _options.MaxPendingPings)
        {
            Counters.Increment(TrackerCounter.PendingTableFull);
            if (!EvictOldestProof())
            {
                return false;
            }
        }

        var identifier = (ushort)_random.Next(65_536);
        while (_pending.ContainsKey(identifier))
        {
            identifier++;
        }

        var own = OwnAddress(template.RequestDestination);
        var payload = new IntroductionRequestPayload(destination, own, own, Advice: true, ConnectionType.Unknown, identifier);
        Span<byte> buffer = stackalloc byte[SmallBufferSize];
        var length = MessageFraming.WriteSigned(buffer, prefix, IntroductionRequestPayload.MessageId, PrivateKey, ClaimGlobalTime(), in payload);
        if (length > byteBudget)
        {
            Counters.Increment(TrackerCounter.RefusedByReflectionBudget);
            return false;
        }

        var pending = new PendingPing
        {
            Identifier = identifier,
            Address = destination,
            Key = key,
            PrefixKey = template.PrefixKey,
            Prefix = template.Prefix,
            Deadline = _time.GetUtcNow() + _options.PingTimeout,
            IsProof = template.IsProof,
            RequestDestination = template.RequestDestination,
            RequestLan = template.RequestLan,
            RequestIdentifier = template.RequestIdentifier,
        };
        _pending.Add(identifier, pending);
        _pendingOrder.Enqueue(pending);
        if (pending.IsProof)
        {
            _proofOrder.Enqueue(pending);
        }
        if (Send(destination, buffer[..length]))
        {
            if (template.IsProof)
            {
                Counters.Increment(TrackerCounter.ProofPingsSent);
            }
            else
            {
                Counters.Increment(TrackerCounter.LivenessPingsSent);
            }
        }

        return true;
    }

    /// <summary>
    /// Makes room by dropping the oldest outstanding proof ping (a flood of spoofed requests churns through these, while
    /// a real requester answers within a round trip); liveness pings are never evicted.
    /// </summary>
    private bool EvictOldestProof()
    {
        while (_proofOrder.TryDequeue(out var oldest))
        {
            if (_pending.TryGetValue(oldest.Identifier, out var current) && ReferenceEquals(current, oldest))
            {
                _pending.Remove(oldest.Identifier);
                return true;
            }
        }

        return false;
    }

    /// <summary>Registers (or refreshes) the peer with <paramref name="key"/> at proven <paramref name="address"/> in the community of <paramref name="prefix"/>.</summary>
    /// <returns>The registered peer, or null when a bound refused it.</returns>
    private TrackerPeer? Register(PrefixKey prefixKey, ReadOnlySpan<byte> prefix, PublicKey key, UdpAddress address, UdpAddress lan, out TrackerCommunity community)
    {
        var now = _time.GetUtcNow();
        _peerLookup.TryGetValue(key.KeyBin, out var peer);
        if (!_communities.TryGet(prefixKey, out community))
        {
            // Refuse before creating the entry: a refused registration must not take (and evict) a community slot.
            if (peer is null ? _allPeers.Count >= _options.MaxPeers : peer.Services.Count >= _options.MaxServicesPerPeer)
            {
                if (peer is null)
                {
                    Counters.Increment(TrackerCounter.PeersRefused);
                }
                else
                {
                    Counters.Increment(TrackerCounter.ServicesRefused);
                }

                community = new TrackerCommunity(prefixKey, []);
                return peer is { Services.Count: > 0 } ? peer : null;
            }

            community = new TrackerCommunity(prefixKey, prefix.ToArray());
            if (_communities.Add(prefixKey, community, out var evicted))
            {
                Counters.Increment(TrackerCounter.CommunitiesEvicted);
                ForgetCommunity(evicted.Value);
            }
        }

        if (peer is null)
        {
            if (_allPeers.Count >= _options.MaxPeers)
            {
                Counters.Increment(TrackerCounter.PeersRefused);
                return null;
            }

            peer = new TrackerPeer(key, address, now, _sequence++) { Index = _allPeers.Count };
            _allPeers.Add(peer);
            _peersByKey[key.KeyBin.ToArray()] = peer;
        }

        peer.Address = address;
        if (!lan.IsZero)
        {
            peer.LanAddress = lan;
        }

        peer.LastResponse = now;
        if (!peer.Services.Contains(community))
        {
            if (peer.Services.Count >= _options.MaxServicesPerPeer)
            {
                Counters.Increment(TrackerCounter.ServicesRefused);
                return peer;
            }

            peer.Services.Add(community);
            community.Peers.Add(peer);
            if (community.Peers.Count > _options.MaxPeersPerCommunity)
            {
                EvictOldest(community, peer);
            }
        }

        return peer.Services.Count == 0 ? null : peer;
    }

    private void EvictOldest(TrackerCommunity community, TrackerPeer keep)
    {
        TrackerPeer? oldest = null;
        foreach (var candidate in community.Peers)
        {
            if (!ReferenceEquals(candidate, keep) && (oldest is null || candidate.Created < oldest.Created
                || (candidate.Created == oldest.Created && candidate.Sequence < oldest.Sequence)))
            {
                oldest = candidate;
            }
        }

        if (oldest is not null)
        {
            Counters.Increment(TrackerCounter.PeersEvicted);
            RemoveService(oldest, community);
        }
    }

    /// <summary>
    /// Answers a request from a proven address (spec 9.4): introduces a random other peer of the community (sending it a
    /// puncture-request first) in an old-format introduction-response under the request's prefix.
    /// </summary>
    private void Respond(PublicKey requesterKey, TrackerPeer? requester, TrackerCommunity community, ReadOnlySpan<byte> prefix, UdpAddress source, UdpAddress requestDestination, ushort identifier, DeferredSends? deferred)
    {
        var introduced = ChooseIntroduction(community, requesterKey, requester);
        UdpAddress lanIntro = default, wanIntro = default;
        Span<byte> buffer = stackalloc byte[SmallBufferSize];
        if (introduced is not null)
        {
            lanIntro = introduced.LanAddress.IsIPv4 ? introduced.LanAddress : UdpAddress.Zero;
            wanIntro = introduced.Address;
            var lanWalker = requestDestination.IsIPv4 ? requestDestination : UdpAddress.Zero;
            var puncture = new PunctureRequestPayload(lanWalker, source, identifier);
            var punctureLength = MessageFraming.WriteUnsigned(buffer, prefix, PunctureRequestPayload.MessageId, ClaimGlobalTime(), in puncture);
            if (deferred is not null)
            {
                deferred.Add(introduced.Address, buffer[..punctureLength], key: null); // sent and counted after the lock
            }
            else if (Send(introduced.Address, buffer[..punctureLength]))
            {
                Counters.Increment(TrackerCounter.PunctureRequestsSent);
            }

            Counters.Increment(TrackerCounter.Introductions);
        }

        var own = OwnAddress(requestDestination);
        var response = new IntroductionResponsePayload(
            source, own, own, lanIntro, wanIntro, ConnectionType.Unknown, identifier,
            SupportsNewStyle: true, IntroSupportsNewStyle: false, PeerLimitReached: false);
        var body = MessageFraming.WriteSignedBody(buffer, prefix, IntroductionResponsePayload.MessageId, PrivateKey.PublicKey, ClaimGlobalTime() % 65_536, in response);
        if (deferred is not null)
        {
            // Signed and sent (and counted) by the receive worker once the lock is released.
            deferred.Add(source, buffer[..body], PrivateKey, tagged: true);
            return;
        }

        var length = MessageFraming.SignInPlace(buffer, body, PrivateKey);
        if (Send(source, buffer[..length]))
        {
            Counters.Increment(TrackerCounter.IntroductionResponsesSent);
        }
    }

    private TrackerPeer? ChooseIntroduction(TrackerCommunity community, PublicKey requesterKey, TrackerPeer? requester)
    {
        _scratch.Clear();
        foreach (var candidate in community.Peers)
        {
            if (!ReferenceEquals(candidate, requester) && candidate.Address.IsIPv4 && !candidate.Address.IsZero
                && !candidate.Key.KeyBin.SequenceEqual(requesterKey.KeyBin))
            {
                _scratch.Add(candidate);
            }
        }

        var chosen = _scratch.Count == 0 ? null : _scratch[_random.Next(_scratch.Count)];
        _scratch.Clear();
        return chosen;
    }

    /// <summary>The tracker's own address as put in its messages: the bound address, else how the requester addressed us.</summary>
    private UdpAddress OwnAddress(UdpAddress requestDestination)
    {
        var local = _endpoint.LocalAddress;
        if (local.IsIPv4 && local.IPv4Value != 0)
        {
            return local;
        }

        return requestDestination.IsIPv4 ? requestDestination : UdpAddress.Zero;
    }
}
