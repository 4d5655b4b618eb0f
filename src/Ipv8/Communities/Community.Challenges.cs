using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;

namespace Ipv8.Communities;

/// <content>
/// Introduction-requests under the trust rules: answer proven requesters, challenge unproven ones within the reflection
/// ledger, and send the deferred answer once the challenge is answered (the design is described on Community.Trust.cs).
/// </content>
public partial class Community
{
    /// <summary>
    /// Handles an introduction-request under the trust rules. <paramref name="legacy"/>: DiscoveryCommunity's 246 override
    /// (old-format answer, no LAN address, no callback).
    /// </summary>
    private protected void HandleIntroductionRequestTrusted(UdpAddress source, Peer sender, in IntroductionRequestInfo request, int length, bool legacy)
    {
        var now = NowTicks;
        if (IsProvenSource(source, sender.PublicKey))
        {
            AnswerProvenRequester(source, sender, in request, legacy, admissionTried: false);
            return;
        }

        if (!_trust.Ledger.Credit(source, length, now))
        {
            _trust.Counters.Increment(TrustCounter.LedgerFull);
        }

        // A configured bootstrap server (tracker addresses are blacklisted by their bootstrapper) that we walked to may
        // prove us with a request signed by a smaller key than ours (py-ipv8 trackers use sect163k1), so our answer cannot
        // fit in its budget. We answer it once per walk (no introduction): bounded by our own walk rate, not by the sender.
        if (Network.IsBlacklisted(source) && _trust.Outstanding.TryConsumeWalk(source, now))
        {
            var newFormat = !legacy && sender.NewStyleIntro;
            SendIntroductionResponseCore(sender, source, source, request.DestinationAddress, request.Identifier, newFormat, null, unproven: false, introduceNobody: true);
            _trust.Counters.Increment(TrustCounter.ImmediateAnswers);
            return;
        }

        // Deadlock avoidance: we walked to this address, so its owner may be a hardened peer challenging us back; or we
        // challenged it already and it challenges us in turn (e.g. it walked to another address of ours, as the UDP
        // broadcast bootstrapper does). Answer at once, without introduction, if the ledger allows: a forged source gains
        // nothing, since the challenge and this answer together never exceed what was sent from that address.
        // These are the only signed packets an unproven source gets from us: one per walk of ours to that address (bounded
        // by our own walk rate, toward an address we chose), and, for a source we challenged, EarlyAnswerLimits' few per
        // source address, per key and per (source, claimed destination) over a window. The window, not a count "in a row",
        // is what keeps a spoofer alternating the claimed destination (or its key) from getting a stream of signed 1:1
        // reflections toward its victim.
        var waiting = _trust.Pending.IsWaiting(source, now);
        var mayAnswer = waiting
            ? MayAnswerEarly(source, sender, request.DestinationAddress, now)
            : _trust.Outstanding.HasWalkTo(source, now);
        if (mayAnswer && TrySendUnprovenAnswer(source, sender, in request, legacy))
        {
            _trust.Counters.Increment(TrustCounter.ImmediateAnswers);
            if (waiting)
            {
                _trust.Pending.TryReplace(source, sender, in request, legacy);
            }
            else
            {
                _trust.Outstanding.TryConsumeWalk(source, now);
            }

            return;
        }

        if (waiting)
        {
            // Already challenged: one challenge per address and lifetime; a newer request of the same key replaces the old.
            _trust.Pending.TryReplace(source, sender, in request, legacy);
            return;
        }

        SendChallenge(source, sender, in request, legacy, now);
    }

    private void SendChallenge(UdpAddress source, Peer sender, in IntroductionRequestInfo request, bool legacy, long now)
    {
        // Refuse before signing when even the fixed overhead of a signed message does not fit (saves the signature).
        if (_trust.Ledger.Available(source, now) < MessageFraming.SignedOverhead(MyPeer.PublicKey) + IntroductionRequestPayload.FixedLength)
        {
            _trust.Counters.Increment(TrustCounter.ReflectionBudgetDrops);
            Drop(DropReason.ReflectionBudget, source);
            return;
        }

        _trust.Pending.Add(source, sender, in request, legacy, now, out var full);
        if (full)
        {
            _trust.Counters.Increment(TrustCounter.PendingFull);
        }

        if (!_trust.Outstanding.TryRegister(source, challenge: true, now, _trust.Identifiers, out var identifier))
        {
            _trust.Pending.TryTake(source, now, out _);
            _trust.Counters.Increment(TrustCounter.OutstandingFull);
            Drop(DropReason.TableFull, source);
            return;
        }

        var newFormat = request.NewFormat && !legacy;
        var globalTime = MyPeer.ClaimGlobalTime();
        Span<byte> buffer = stackalloc byte[SmallBufferSize];
        var written = WriteIntroductionRequest(buffer, source, newFormat, identifier, globalTime, 0);
        var available = _trust.Ledger.Available(source, now);
        if (written > available)
        {
            _trust.Outstanding.Remove(identifier);
            _trust.Pending.TryTake(source, now, out _);
            _trust.Counters.Increment(TrustCounter.ReflectionBudgetDrops);
            Drop(DropReason.ReflectionBudget, source);
            return;
        }

        // Pad up to the request's size (at most a walk's padding) so a hardened walker can afford its answer.
        var pad = (int)Math.Min(available - written, newFormat ? NewWalkPadding : OldWalkPadding);
        if (pad > 0)
        {
            written = WriteIntroductionRequest(buffer, source, newFormat, identifier, globalTime, pad);
        }

        _trust.Ledger.TrySpend(source, written, now);
        Endpoint.Send(source, buffer[..written]);
        _trust.Counters.Increment(TrustCounter.ChallengesSent);
    }

    /// <summary>
    /// Returns true when a source we are waiting on may get an early (pre-proof) answer: within the ledger's bytes (checked
    /// first, so that no token is spent on an answer the ledger would refuse) and within <see cref="EarlyAnswerLimits"/>.
    /// </summary>
    private bool MayAnswerEarly(UdpAddress source, Peer sender, UdpAddress destination, long now)
    {
        if (_trust.Ledger.Available(source, now) < MessageFraming.SignedOverhead(MyPeer.PublicKey))
        {
            return false;
        }

        if (_trust.EarlyAnswers.TryTake(source, sender.PublicKey, destination, now))
        {
            return true;
        }

        _trust.Counters.Increment(TrustCounter.EarlyAnswersRefused);
        return false;
    }

    /// <summary>Answers an unproven requester at once: no introduction, no peer added, within the reflection ledger.</summary>
    private bool TrySendUnprovenAnswer(UdpAddress source, Peer sender, in IntroductionRequestInfo request, bool legacy)
    {
        var newFormat = !legacy && sender.NewStyleIntro;
        return SendIntroductionResponseCore(sender, source, source, request.DestinationAddress, request.Identifier, newFormat, null, unproven: true);
    }

    /// <summary>Answers a proven requester: admits it (cap and eviction), or answers at the bounded while-full rate.</summary>
    private void AnswerProvenRequester(UdpAddress source, Peer sender, in IntroductionRequestInfo request, bool legacy, bool admissionTried)
    {
        var held = admissionTried
            ? (sender.Services?.Contains(_serviceId) == true ? sender : null)
            : AdmitVerified(sender, source, legacy ? default : request.SourceLanAddress);
        var requester = held ?? sender;
        if (held is null && !Network.IsBlacklisted(source))
        {
            // Not admitted (full): the while-full budget, shared per prefix with a reserve for sources never refused (see
            // FullAnswerBudget), so a flood from one network or of repeat requesters does not crowd newcomers out.
            if (!_trust.FullAnswers.TryTake(source, ReceiveLimiter.PrefixOf(source), NowTicks, out var newcomer))
            {
                _trust.Counters.Increment(TrustCounter.FullAnswersRateLimited);
                Drop(DropReason.PeerLimit, source);
                return;
            }

            _trust.Counters.Increment(TrustCounter.FullAnswers);
            if (newcomer)
            {
                _trust.Counters.Increment(TrustCounter.NewcomerFullAnswers);
            }
        }

        var destination = held is null ? source : requester.Address;
        SendIntroductionResponseCore(requester, destination, source, request.DestinationAddress, request.Identifier, !legacy && requester.NewStyleIntro, null, unproven: false);
        if (held is not null && !legacy)
        {
            OnIntroductionRequest(held, in request);
        }
    }
}
