namespace Ipv8.Communities;

/// <summary>
/// How a <see cref="Community"/> decides whom to trust (return routability before trust), and the bounds of the tables
/// that decision needs. <see cref="Enabled"/> false restores py-ipv8 3.2's behaviour exactly.
/// </summary>
/// <remarks>
/// <para>With trust on, an address is bound to a key (verified peer, handed out in introductions, allowed to send
/// puncture-requests) only after that key answered, from that address, an introduction-request we sent to that address
/// (our random identifier echoed in its signed introduction-response). Until then a requester is challenged (we send it
/// our own introduction-request, never larger than what it sent) and answered only once it proved itself.</para>
/// <para>Every table is bounded; every refusal is counted in <see cref="Community.Trust"/> (<see cref="TrustCounter"/>)
/// and, for dropped datagrams, in <see cref="Community.Drops"/>.</para>
/// </remarks>
public sealed record PeerTrustOptions : IValidatableOptions
{
    /// <summary>Gets a value indicating whether the hardening is on (default true). False: exact py-ipv8 behaviour.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Gets how long our introduction-requests (walks and challenges) wait for their response, and how long a challenged
    /// request waits for the proof before it is forgotten. Default 10 s (py-ipv8 keeps its own requests as long).
    /// </summary>
    public TimeSpan ChallengeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the most outstanding introduction-requests we remember (walks and challenges). Default 1,024.</summary>
    public int MaxOutstandingRequests { get; init; } = 1024;

    /// <summary>Gets the most challenged requests waiting for their proof. Default 1,024; when full, the oldest is forgotten (counted in <see cref="TrustCounter.PendingFull"/>).</summary>
    public int MaxPendingChallenges { get; init; } = 1024;

    /// <summary>Gets the most proven (address, key) pairs remembered; the least recently proven is forgotten first (counted in <see cref="TrustCounter.ProvenFull"/>). Default 4,096.</summary>
    public int MaxProvenAddresses { get; init; } = 4096;

    /// <summary>
    /// Gets how long a proven (address, key) pair stays proven after it last proved itself (each introduction-response
    /// echoing one of our requests from that address, e.g. a verified peer answering our walk, refreshes it). After it,
    /// the pair is forgotten (counted in <see cref="TrustCounter.ProvenExpired"/>) and the address must prove itself
    /// again; a verified peer's own address stays trusted while the peer is in the peer set. Default 10 minutes.
    /// </summary>
    public TimeSpan ProvenAddressLifetime { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets the most unproven addresses with a reflection ledger (bytes and packets received vs sent). Default 4,096.</summary>
    public int MaxLedgerEntries { get; init; } = 4096;

    /// <summary>Gets how long one ledger window lasts; after it, received and sent start again from zero. Default 30 s.</summary>
    public TimeSpan LedgerWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets a value indicating whether our own walks (introduction-requests on our initiative) carry a few zero
    /// <c>extra_bytes</c> (12 in the old format, 14 in the new; py-ipv8 ignores them) so that another hardened peer can
    /// challenge us and we can answer its challenge within the reflection budget. Default true.
    /// </summary>
    public bool PadWalks { get; init; } = true;

    /// <summary>Gets the sustained rate of puncture-requests honoured per requester (a verified peer at its proven address, or a proven bootstrap server). Default 5 per second.</summary>
    public double PunctureRequestsPerSecond { get; init; } = 5;

    /// <summary>Gets the burst of puncture-requests honoured per requester. Default 20.</summary>
    public double PunctureRequestBurst { get; init; } = 20;

    /// <summary>Gets the sustained rate of punctures sent to one target address. Default 1 per second.</summary>
    public double PuncturesPerTargetPerSecond { get; init; } = 1;

    /// <summary>Gets the burst of punctures sent to one target address. Default 4.</summary>
    public double PunctureTargetBurst { get; init; } = 4;

    /// <summary>Gets the most addresses tracked by each puncture rate table. Default 4,096; when full, new addresses are refused.</summary>
    public int MaxRateEntries { get; init; } = 4096;

    /// <summary>
    /// Gets how long a verified peer may stay silent (nothing received from it) before it may be evicted to make room for
    /// a newly proven peer when the community is at <see cref="CommunitySettings.MaxPeers"/>. Default 30 s.
    /// </summary>
    public TimeSpan SilentPeerTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets the sustained rate of answers to proven requesters that could not be admitted because the community is full
    /// (py-ipv8 answers none). Peers already in the set are always answered. Default 20 per second.
    /// </summary>
    public double FullAnswersPerSecond { get; init; } = 20;

    /// <summary>Gets the burst of answers while full. Default 20.</summary>
    public double FullAnswerBurst { get; init; } = 20;

    /// <summary>
    /// Gets the sustained rate of answers while full that one /24 (IPv4) or /56 (IPv6) prefix may take out of
    /// <see cref="FullAnswersPerSecond"/>, so a flood from one network cannot use up everyone's budget. Default 5 per second.
    /// </summary>
    public double FullAnswersPerPrefixPerSecond { get; init; } = 5;

    /// <summary>Gets the burst of answers while full per prefix. Default 10.</summary>
    public double FullAnswerPrefixBurst { get; init; } = 10;

    /// <summary>
    /// Gets how many tokens of the while-full budget, in the total bucket and in each prefix bucket, are kept for sources not
    /// refused in the last minute: a source refused before may only take a token while more than this many remain (so the
    /// refill goes to newcomers first). Capped at each bucket's burst − 1; 0 disables the priority. Default 5.
    /// </summary>
    public double FullAnswerNewcomerReserve { get; init; } = 5;

    /// <summary>
    /// Gets how many signed answers an unproven source we are waiting on (we challenged it and it sent us a request, which
    /// may be its own challenge to us) may get before it proved its address, per source address and per source key within
    /// <see cref="EarlyAnswerWindow"/>; besides, one per (source address, claimed destination) pair. 0 sends nothing signed
    /// before proof (two hardened peers that challenge each other then wait for a walk). Default 2.
    /// </summary>
    public int EarlyAnswersPerWindow { get; init; } = 2;

    /// <summary>Gets the window over which <see cref="EarlyAnswersPerWindow"/> is counted (a token bucket refilling over it). Default 30 s.</summary>
    public TimeSpan EarlyAnswerWindow { get; init; } = TimeSpan.FromSeconds(30);

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <summary>Throws for the first setting out of range (bounds, rates and durations must be positive).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A bound, rate or duration is out of range; the parameter name is the property.</exception>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check() => new OptionChecks()
        .Positive(ChallengeTimeout, nameof(ChallengeTimeout), "challenge_timeout")
        .Positive(LedgerWindow, nameof(LedgerWindow), "ledger_window")
        .Positive(ProvenAddressLifetime, nameof(ProvenAddressLifetime), "proven_address_lifetime")
        .NotNegative(SilentPeerTime, nameof(SilentPeerTime), "silent_peer_time")
        .AtLeast(MaxOutstandingRequests, 1, nameof(MaxOutstandingRequests), "max_outstanding_requests")
        .AtLeast(MaxPendingChallenges, 1, nameof(MaxPendingChallenges), "max_pending_challenges")
        .AtLeast(MaxProvenAddresses, 1, nameof(MaxProvenAddresses), "max_proven_addresses")
        .AtLeast(MaxLedgerEntries, 1, nameof(MaxLedgerEntries), "max_ledger_entries")
        .AtLeast(MaxRateEntries, 1, nameof(MaxRateEntries), "max_rate_entries")
        .Positive(PunctureRequestsPerSecond, nameof(PunctureRequestsPerSecond), "puncture_requests_per_second")
        .AtLeast(PunctureRequestBurst, 1, nameof(PunctureRequestBurst), "puncture_request_burst")
        .Positive(PuncturesPerTargetPerSecond, nameof(PuncturesPerTargetPerSecond), "punctures_per_target_per_second")
        .AtLeast(PunctureTargetBurst, 1, nameof(PunctureTargetBurst), "puncture_target_burst")
        .Positive(FullAnswersPerSecond, nameof(FullAnswersPerSecond), "full_answers_per_second")
        .AtLeast(FullAnswerBurst, 1, nameof(FullAnswerBurst), "full_answer_burst")
        .Positive(FullAnswersPerPrefixPerSecond, nameof(FullAnswersPerPrefixPerSecond), "full_answers_per_prefix_per_second")
        .AtLeast(FullAnswerPrefixBurst, 1, nameof(FullAnswerPrefixBurst), "full_answer_prefix_burst")
        .AtLeast(FullAnswerNewcomerReserve, 0, nameof(FullAnswerNewcomerReserve), "full_answer_newcomer_reserve")
        .AtLeast(EarlyAnswersPerWindow, 0, nameof(EarlyAnswersPerWindow), "early_answers_per_window")
        .Positive(EarlyAnswerWindow, nameof(EarlyAnswerWindow), "early_answer_window");
}
