namespace Ipv8.Communities;

/// <summary>
/// What the trust rules of a <see cref="Community"/> count (see <see cref="PeerTrustOptions"/>): proofs, challenges and every
/// refusal, so an operator sees when a limit bites. Read through <see cref="Community.Trust"/>; reported as <c>trust_</c> +
/// the snake_case name (<see cref="ChallengesSent"/> as <c>trust_challenges_sent</c>).
/// </summary>
public enum TrustCounter
{
    /// <summary>The number of introduction-requests sent to unproven requesters as challenges.</summary>
    ChallengesSent,

    /// <summary>The number of (key, address) pairs proven by a matching introduction-response.</summary>
    Proofs,

    /// <summary>The number of introduction-responses sent after the requester proved itself.</summary>
    DeferredResponses,

    /// <summary>
    /// The number of requests from unproven addresses answered before proof (no introduction, within the reflection
    /// budget): once per walk of ours to that address, or within <see cref="PeerTrustOptions.EarlyAnswersPerWindow"/> for a
    /// source we challenged.
    /// </summary>
    ImmediateAnswers,

    /// <summary>The number of introduction-responses that answered nothing we sent to their source (dropped).</summary>
    UnsolicitedResponses,

    /// <summary>The number of sends to unproven addresses refused because they would exceed what the address sent us.</summary>
    ReflectionBudgetDrops,

    /// <summary>The number of times the pending table was full and its oldest challenged request was forgotten to make room.</summary>
    PendingFull,

    /// <summary>The number of our requests not remembered because the outstanding-request table was full.</summary>
    OutstandingFull,

    /// <summary>The number of times the reflection ledger was full and its oldest window was forgotten to make room.</summary>
    LedgerFull,

    /// <summary>The number of times the proven table was full and its least recently proven pair was forgotten.</summary>
    ProvenFull,

    /// <summary>
    /// The number of proven (address, key) pairs forgotten because they did not prove themselves again within
    /// <see cref="PeerTrustOptions.ProvenAddressLifetime"/> (counted when the stale pair is found or purged).
    /// </summary>
    ProvenExpired,

    /// <summary>
    /// The number of challenged requests forgotten because no proof arrived within <see cref="PeerTrustOptions.ChallengeTimeout"/>
    /// (counted when the stale request is found or purged).
    /// </summary>
    PendingExpired,

    /// <summary>The number of silent peers evicted to make room for a newly proven peer.</summary>
    PeersEvicted,

    /// <summary>The number of proven peers not admitted because the community was full of responsive peers.</summary>
    PeerCapRefusals,

    /// <summary>The number of requests answered while full without admitting the requester.</summary>
    FullAnswers,

    /// <summary>The number of requests left unanswered because the while-full answer rate was exhausted.</summary>
    FullAnswersRateLimited,

    /// <summary>The number of puncture-requests ignored because their source was not a proven address.</summary>
    UntrustedPunctureRequests,

    /// <summary>The number of puncture-requests ignored by the per-requester or per-target rate limits.</summary>
    PunctureRequestsRateLimited,

    /// <summary>The number of signed messages from a known key at an unproven address (the peer's address was not moved).</summary>
    AddressMovesRefused,

    /// <summary>
    /// The number of requests from an unproven source we were waiting on that got no signed answer because the source,
    /// its key or the (source, claimed destination) pair used up <see cref="PeerTrustOptions.EarlyAnswersPerWindow"/>.
    /// </summary>
    EarlyAnswersRefused,

    /// <summary>
    /// The number of peers evicted, while full, to admit a newly proven peer from a prefix (/24, /56) less represented
    /// in the peer set than the evicted peer's (the youngest peer of the most represented prefix outside the protected older half).
    /// </summary>
    DiversityEvictions,

    /// <summary>The number of answers while full that were sent with the newcomer priority (to sources not refused recently).</summary>
    NewcomerFullAnswers,
}
