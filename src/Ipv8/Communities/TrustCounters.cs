namespace Ipv8.Communities;

/// <summary>
/// What the trust rules of a <see cref="Community"/> did (see <see cref="PeerTrustOptions"/>): proofs, challenges and every
/// refusal, so an operator sees when a limit bites. Thread-safe reads; written under the network lock.
/// </summary>
public sealed class TrustCounters
{
    private long _challengesSent;
    private long _proofs;
    private long _deferredResponses;
    private long _immediateAnswers;
    private long _unsolicitedResponses;
    private long _reflectionBudgetDrops;
    private long _pendingFull;
    private long _outstandingFull;
    private long _peersEvicted;
    private long _peerCapRefusals;
    private long _fullAnswers;
    private long _fullAnswersRateLimited;
    private long _untrustedPunctureRequests;
    private long _punctureRequestsRateLimited;
    private long _addressMovesRefused;
    private long _ledgerFull;
    private long _provenFull;
    private long _provenExpired;
    private long _pendingExpired;
    private long _earlyAnswersRefused;
    private long _diversityEvictions;
    private long _newcomerFullAnswers;

    /// <summary>Gets the number of introduction-requests sent to unproven requesters as challenges.</summary>
    public long ChallengesSent => Interlocked.Read(ref _challengesSent);

    /// <summary>Gets the number of (key, address) pairs proven by a matching introduction-response.</summary>
    public long Proofs => Interlocked.Read(ref _proofs);

    /// <summary>Gets the number of introduction-responses sent after the requester proved itself.</summary>
    public long DeferredResponses => Interlocked.Read(ref _deferredResponses);

    /// <summary>
    /// Gets the number of requests from unproven addresses answered before proof (no introduction, within the reflection
    /// budget): once per walk of ours to that address, or within <see cref="PeerTrustOptions.EarlyAnswersPerWindow"/> for a
    /// source we challenged.
    /// </summary>
    public long ImmediateAnswers => Interlocked.Read(ref _immediateAnswers);

    /// <summary>Gets the number of introduction-responses that answered nothing we sent to their source (dropped).</summary>
    public long UnsolicitedResponses => Interlocked.Read(ref _unsolicitedResponses);

    /// <summary>Gets the number of sends to unproven addresses refused because they would exceed what the address sent us.</summary>
    public long ReflectionBudgetDrops => Interlocked.Read(ref _reflectionBudgetDrops);

    /// <summary>Gets the number of times the pending table was full and its oldest challenged request was forgotten to make room.</summary>
    public long PendingFull => Interlocked.Read(ref _pendingFull);

    /// <summary>Gets the number of our requests not remembered because the outstanding-request table was full.</summary>
    public long OutstandingFull => Interlocked.Read(ref _outstandingFull);

    /// <summary>Gets the number of silent peers evicted to make room for a newly proven peer.</summary>
    public long PeersEvicted => Interlocked.Read(ref _peersEvicted);

    /// <summary>Gets the number of proven peers not admitted because the community was full of responsive peers.</summary>
    public long PeerCapRefusals => Interlocked.Read(ref _peerCapRefusals);

    /// <summary>Gets the number of requests answered while full without admitting the requester.</summary>
    public long FullAnswers => Interlocked.Read(ref _fullAnswers);

    /// <summary>Gets the number of requests left unanswered because the while-full answer rate was exhausted.</summary>
    public long FullAnswersRateLimited => Interlocked.Read(ref _fullAnswersRateLimited);

    /// <summary>Gets the number of puncture-requests ignored because their source was not a proven address.</summary>
    public long UntrustedPunctureRequests => Interlocked.Read(ref _untrustedPunctureRequests);

    /// <summary>Gets the number of puncture-requests ignored by the per-requester or per-target rate limits.</summary>
    public long PunctureRequestsRateLimited => Interlocked.Read(ref _punctureRequestsRateLimited);

    /// <summary>Gets the number of signed messages from a known key at an unproven address (the peer's address was not moved).</summary>
    public long AddressMovesRefused => Interlocked.Read(ref _addressMovesRefused);

    /// <summary>Gets the number of times the reflection ledger was full and its oldest window was forgotten to make room.</summary>
    public long LedgerFull => Interlocked.Read(ref _ledgerFull);

    /// <summary>
    /// Gets the number of requests from an unproven source we were waiting on that got no signed answer because the source,
    /// its key or the (source, claimed destination) pair used up <see cref="PeerTrustOptions.EarlyAnswersPerWindow"/>.
    /// </summary>
    public long EarlyAnswersRefused => Interlocked.Read(ref _earlyAnswersRefused);

    /// <summary>
    /// Gets the number of peers evicted, while full, to admit a newly proven peer from a prefix (/24, /56) less represented
    /// in the peer set than the evicted peer's (the youngest peer of the most represented prefix outside the protected older half).
    /// </summary>
    public long DiversityEvictions => Interlocked.Read(ref _diversityEvictions);

    /// <summary>Gets the number of answers while full that were sent with the newcomer priority (to sources not refused recently).</summary>
    public long NewcomerFullAnswers => Interlocked.Read(ref _newcomerFullAnswers);

    /// <summary>Returns the counters by snake_case name (a new dictionary), for reports.</summary>
    public IReadOnlyDictionary<string, long> Snapshot() => new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["challenges_sent"] = ChallengesSent,
        ["proofs"] = Proofs,
        ["deferred_responses"] = DeferredResponses,
        ["immediate_answers"] = ImmediateAnswers,
        ["unsolicited_responses"] = UnsolicitedResponses,
        ["reflection_budget_drops"] = ReflectionBudgetDrops,
        ["pending_full"] = PendingFull,
        ["outstanding_full"] = OutstandingFull,
        ["ledger_full"] = LedgerFull,
        ["proven_full"] = ProvenFull,
        ["proven_expired"] = ProvenExpired,
        ["pending_expired"] = PendingExpired,
        ["peers_evicted"] = PeersEvicted,
        ["peer_cap_refusals"] = PeerCapRefusals,
        ["full_answers"] = FullAnswers,
        ["full_answers_rate_limited"] = FullAnswersRateLimited,
        ["untrusted_puncture_requests"] = UntrustedPunctureRequests,
        ["puncture_requests_rate_limited"] = PunctureRequestsRateLimited,
        ["address_moves_refused"] = AddressMovesRefused,
        ["early_answers_refused"] = EarlyAnswersRefused,
        ["diversity_evictions"] = DiversityEvictions,
        ["newcomer_full_answers"] = NewcomerFullAnswers,
    };

    /// <summary>Gets the number of times the proven table was full and its least recently proven pair was forgotten.</summary>
    public long ProvenFull => Interlocked.Read(ref _provenFull);

    /// <summary>
    /// Gets the number of proven (address, key) pairs forgotten because they did not prove themselves again within
    /// <see cref="PeerTrustOptions.ProvenAddressLifetime"/> (counted when the stale pair is found or purged).
    /// </summary>
    public long ProvenExpired => Interlocked.Read(ref _provenExpired);

    /// <summary>
    /// Gets the number of challenged requests forgotten because no proof arrived within <see cref="PeerTrustOptions.ChallengeTimeout"/>
    /// (counted when the stale request is found or purged).
    /// </summary>
    public long PendingExpired => Interlocked.Read(ref _pendingExpired);

    internal void ProvenAddressExpired() => Interlocked.Increment(ref _provenExpired);

    internal void PendingChallengeExpired() => Interlocked.Increment(ref _pendingExpired);

    internal void ProvenTableFull() => Interlocked.Increment(ref _provenFull);

    internal void LedgerTableFull() => Interlocked.Increment(ref _ledgerFull);

    internal void ChallengeSent() => Interlocked.Increment(ref _challengesSent);

    internal void Proved() => Interlocked.Increment(ref _proofs);

    internal void DeferredResponseSent() => Interlocked.Increment(ref _deferredResponses);

    internal void ImmediateAnswer() => Interlocked.Increment(ref _immediateAnswers);

    internal void UnsolicitedResponse() => Interlocked.Increment(ref _unsolicitedResponses);

    internal void ReflectionBudgetDrop() => Interlocked.Increment(ref _reflectionBudgetDrops);

    internal void PendingTableFull() => Interlocked.Increment(ref _pendingFull);

    internal void OutstandingTableFull() => Interlocked.Increment(ref _outstandingFull);

    internal void PeerEvicted() => Interlocked.Increment(ref _peersEvicted);

    internal void PeerCapRefusal() => Interlocked.Increment(ref _peerCapRefusals);

    internal void FullAnswer() => Interlocked.Increment(ref _fullAnswers);

    internal void FullAnswerRateLimited() => Interlocked.Increment(ref _fullAnswersRateLimited);

    internal void UntrustedPunctureRequest() => Interlocked.Increment(ref _untrustedPunctureRequests);

    internal void PunctureRequestRateLimited() => Interlocked.Increment(ref _punctureRequestsRateLimited);

    internal void AddressMoveRefused() => Interlocked.Increment(ref _addressMovesRefused);

    internal void EarlyAnswerRefused() => Interlocked.Increment(ref _earlyAnswersRefused);

    internal void DiversityEviction() => Interlocked.Increment(ref _diversityEvictions);

    internal void NewcomerFullAnswer() => Interlocked.Increment(ref _newcomerFullAnswers);
}
