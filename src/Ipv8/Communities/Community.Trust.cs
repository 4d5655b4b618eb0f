using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;

namespace Ipv8.Communities;

/// <content>
/// Return routability before trust (see <see cref="PeerTrustOptions"/>). Active when <c>Settings.Trust.Enabled</c>.
/// </content>
/// <remarks>
/// <para><b>Proof.</b> Every introduction-request we send (a walk, or a challenge) carries a random identifier that we
/// remember with its destination address (<see cref="OutstandingRequests"/>). A signed introduction-response is accepted
/// only when it echoes such an identifier and arrives from exactly that destination; then its key is proven at that
/// address (<see cref="ProvenAddresses"/>) for <see cref="PeerTrustOptions.ProvenAddressLifetime"/> after its last proof
/// (a verified peer's own address stays trusted while it is in the peer set). Unsolicited responses are dropped, so nobody can inject introductions, move
/// our WAN estimate or an identity. Only proven (key, address) pairs become verified peers, are handed out in
/// introductions and may send us puncture-requests; trackers and bootstrap servers get proven the same way (we walk to
/// them) without becoming peers, so NAT traversal through a tracker keeps working.</para>
/// <para><b>Challenge first.</b> A request from an unproven (key, address) is not answered and does not add a peer: we
/// remember it (<see cref="PendingChallenges"/>, bounded, expiring with the challenge) and send our own introduction-request
/// back to the source as a challenge. When the requester's signed response echoing our challenge arrives from that
/// address, the requester is proven and admitted, and we send the deferred introduction-response to its original
/// identifier (py-ipv8 processes any signed response, and keeps waiting ~10 s, so it accepts it).</para>
/// <para><b>No amplification.</b> Everything we send to an unproven address goes through a per-address ledger
/// (<see cref="ReflectionLedger"/>): bytes and packets sent never exceed bytes and packets received from it. The challenge
/// is never larger than the request it answers; an answer to an unproven source never introduces anyone, so no neighbour
/// is asked to puncture toward it. Puncture-requests are honoured only from verified peers at their proven address and
/// from proven bootstrap servers, rate-limited per requester and per target.</para>
/// <para><b>No deadlock between hardened peers.</b> A walks to B (A now has an outstanding walk to B). B does not know
/// A: it challenges A. A does not trust B yet either, but since A itself walked to B, A answers B's challenge at once,
/// without introduction, within the ledger (A's walks carry 12-14 zero <c>extra_bytes</c> so that B's challenge, padded
/// up to the size of A's request, leaves A enough budget for a response). B's challenge is answered from A's address, so
/// B proves A, admits it and sends the deferred response to A's walk; that response proves B at A. Two walks crossing
/// each other work the same way. Challenges never count as walks, so a forged request cannot trigger an immediate
/// answer through our own challenge.</para>
/// <para><b>py-ipv8 peers.</b> P (py-ipv8) walks to O (ours): O challenges P; P answers any request (and adds O), which
/// proves P; O admits P and sends the deferred response: one extra round trip. O walks to P: P answers, which proves P
/// at O; P's later requests to O are answered directly. If P is full it ignores O's challenge (py-ipv8 refuses all
/// requests above max_peers) and O never trusts it, exactly as P refuses O.</para>
/// <para><b>Peer cap.</b> A community never holds more than <see cref="MaxPeers"/> verified peers: a newly proven peer
/// replaces the peer silent longest (nothing heard for <see cref="PeerTrustOptions.SilentPeerTime"/>), else the youngest
/// peer of an over-represented /24 or /56 prefix outside the protected older half (fair admission, Community.PeerCap.cs),
/// else it is refused (counted) and, like every other proven requester while full, still answered from the while-full
/// budget, shared per prefix with a reserve for sources never refused (<see cref="FullAnswerBudget"/>).</para>
/// <para><b>Nothing signed before proof, with two bounded exceptions.</b> An unproven source gets our challenge; a signed
/// answer (never introducing anyone, within the ledger) only once per walk of ours to that address, or, for a source we
/// challenged, within <see cref="EarlyAnswerLimits"/> (per source address, per key and per claimed destination over
/// <see cref="PeerTrustOptions.EarlyAnswerWindow"/>), which the deadlock avoidance below needs.</para>
/// <para><b>Replay.</b> A known key's address moves only when the key proves itself at the new address; a signed message
/// replayed from another address yields a transient peer that is not added, and a replayed request is challenged at the
/// replayer's address, which cannot answer with the key.</para>
/// </remarks>
public partial class Community
{
    private const int OldWalkPadding = 12;
    private const int NewWalkPadding = 14;
    private static readonly ReadOnlyMemory<byte> Padding = new byte[16];

    /// <summary>Gets what the trust rules did (always zero when <c>Settings.Trust.Enabled</c> is false).</summary>
    public CounterSet<TrustCounter> Trust => _trust.Counters;

    /// <summary>Gets a value indicating whether the trust rules are on (<see cref="PeerTrustOptions.Enabled"/>).</summary>
    public bool TrustEnabled => _trust.Options.Enabled;

    /// <summary>
    /// Gets the number of challenged requests waiting for their proof. Expired ones are forgotten first (and counted in
    /// <see cref="TrustCounter.PendingExpired"/>). Takes the network lock.
    /// </summary>
    public int PendingChallengeCount
    {
        get
        {
            lock (Network.SyncRoot)
            {
                _trust.Pending.Prune(NowTicks);
                return _trust.Pending.Count;
            }
        }
    }

    /// <summary>
    /// Returns true when <paramref name="key"/> proved itself at <paramref name="address"/> (answered from there a request we
    /// sent there). Always false when trust is off. Takes the network lock.
    /// </summary>
    public bool IsProven(UdpAddress address, Keys.PublicKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (Network.SyncRoot)
        {
            return IsProvenSource(address, key);
        }
    }

    /// <summary>
    /// Returns true when <paramref name="peer"/> is verified and <paramref name="address"/> is in its IPv4 or IPv6 slot:
    /// with the trust rules those slots only ever hold proven addresses (the LAN slot holds a claimed one).
    /// </summary>
    private static bool IsPrimaryAddress(Peer? peer, UdpAddress address)
        => peer is not null && (peer.IPv4Address == address || peer.IPv6Address == address);

    /// <summary>
    /// Returns true when <paramref name="key"/> proved itself at <paramref name="source"/>: recorded in the proven table, or
    /// the verified peer of that key holds it as its IPv4 or IPv6 address (the proven table may have forgotten it).
    /// </summary>
    private bool IsProvenSource(UdpAddress source, Keys.PublicKey key)
        => _trust.Proven.IsProven(source, key, NowTicks) || IsPrimaryAddress(Network.GetVerifiedByPublicKeyBin(key.KeyBin), source);

    /// <summary>
    /// Returns true when this community may gain <paramref name="peer"/> through a service record (DiscoveryCommunity's
    /// similarity response): always with trust off; with trust on, when it has room or already holds the peer.
    /// </summary>
    internal bool CanHoldMorePeersOrHas(Peer peer)
        => !TrustEnabled || MaxPeers < 0 || PeerCount < MaxPeers || peer.Services?.Contains(_serviceId) == true;

    private long NowTicks => TimeProvider.GetUtcNow().UtcTicks;

    /// <summary>Handles an introduction-response under the trust rules (only answers to our own requests count).</summary>
    private void HandleIntroductionResponseTrusted(UdpAddress source, Peer sender, in IntroductionResponseInfo response)
    {
        var now = NowTicks;
        if (!_trust.Outstanding.TryMatch(response.Identifier, source, now, out var challenge))
        {
            _trust.Counters.Increment(TrustCounter.UnsolicitedResponses);
            Drop(DropReason.UnsolicitedResponse, source);
            return;
        }

        if (_trust.Proven.Prove(source, sender.PublicKey, now))
        {
            _trust.Counters.Increment(TrustCounter.ProvenFull);
        }

        _trust.Ledger.Forget(source);
        _trust.Counters.Increment(TrustCounter.Proofs);
        UpdateOwnAddress(response.DestinationAddress);
        var responderNewStyle = sender.NewStyleIntro;

        var deferred = _trust.Pending.TryTake(source, now, out var pending) && pending.Requester.Equals(sender);
        var lan = deferred && !pending.Legacy ? pending.Request.SourceLanAddress : default;
        if (deferred)
        {
            sender.NewStyleIntro |= pending.Requester.NewStyleIntro && !pending.Legacy;
        }

        var held = AdmitVerified(sender, source, lan);
        if (held is not null)
        {
            // Spec 5.12 step 3 runs here rather than before the admission (py-ipv8 order): the switch records an
            // address introduced by the responder, which under trust needs an admitted introducer, as for step 5.
            // Nothing is sent between, so the puncture-request still leaves before anything else this response causes.
            SwitchInterface(held, responderNewStyle, in response);
        }

        var learn = held is not null || Network.IsBlacklisted(source);
        if (learn)
        {
            LearnIntroductions(held ?? sender, in response);
        }

        if (deferred)
        {
            var deferredRequest = pending.Request;
            AnswerProvenRequester(source, held ?? sender, in deferredRequest, pending.Legacy, admissionTried: true);
            if (pending.First.Identifier != deferredRequest.Identifier)
            {
                // The request that triggered our challenge may be the requester's own challenge to us (both challenged
                // each other); it is the one whose answer proves us to the requester.
                var first = pending.First;
                AnswerProvenRequester(source, held ?? sender, in first, pending.Legacy, admissionTried: true);
            }

            _trust.Counters.Increment(TrustCounter.DeferredResponses);
        }

        // The callback reports our walks being answered. An answer to our challenge proves the requester to us, but a
        // hardened requester has not verified us yet (it does when our deferred response arrives), so an overlay reacting
        // to the callback (DiscoveryCommunity's similarity request, an application greeting) would be early.
        if (learn && !challenge)
        {
            OnIntroductionResponse(held ?? sender, in response);
        }
    }

    private bool HonourPunctureRequest(UdpAddress source, UdpAddress target)
    {
        // Only a verified peer of this overlay at its (proven) address, or a proven bootstrap server (trackers introduce
        // peers and ask them to puncture); a proven stranger that is not in the peer set is not enough.
        var member = Network.GetVerifiedByAddress(source) is { } peer && IsPrimaryAddress(peer, source) && peer.Services?.Contains(_serviceId) == true;
        var now = NowTicks;
        if (!member && !(Network.IsBlacklisted(source) && _trust.Proven.Contains(source, now)))
        {
            _trust.Counters.Increment(TrustCounter.UntrustedPunctureRequests);
            Drop(DropReason.UntrustedSource, source);
            return false;
        }

        if (!_trust.PunctureRequesters.TryTake(source, now) || !_trust.PunctureTargets.TryTake(target, now))
        {
            _trust.Counters.Increment(TrustCounter.PunctureRequestsRateLimited);
            Drop(DropReason.RateLimited, source);
            return false;
        }

        return true;
    }

    private ushort RegisterWalk(UdpAddress destination, ushort fallback)
    {
        if (_trust.Outstanding.TryRegister(destination, challenge: false, NowTicks, _trust.Identifiers, out var identifier))
        {
            return identifier;
        }

        _trust.Counters.Increment(TrustCounter.OutstandingFull);
        return fallback;
    }

    private int WriteIntroductionRequest(Span<byte> buffer, UdpAddress destination, bool newFormat, ushort identifier, ulong globalTime, int pad)
    {
        var lan = MyEstimatedLan;
        var wan = MyEstimatedWan;
        var extra = pad > 0 ? Padding[..pad] : default;
        if (newFormat || destination.IsIPv6 || lan.IsIPv6 || wan.IsIPv6)
        {
            var payload = new NewIntroductionRequestPayload(destination, lan, PreferredOwnAddress, identifier, ExtraBytes: extra);
            return MessageFraming.WriteSigned(buffer, Prefix.Bytes, NewIntroductionRequestPayload.MessageId, MyPeer.PrivateKey, globalTime, in payload);
        }
        else
        {
            var payload = new IntroductionRequestPayload(destination, lan, wan, Advice: true, ConnectionType.Unknown, identifier, extra);
            return MessageFraming.WriteSigned(buffer, Prefix.Bytes, IntroductionRequestPayload.MessageId, MyPeer.PrivateKey, globalTime, in payload);
        }
    }
}
