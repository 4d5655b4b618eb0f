namespace Ipv8.Tracker;

/// <summary>What a <see cref="TrackerService"/> did and refused. Thread-safe; every bound that bites is counted here.</summary>
public sealed class TrackerCounters
{
    private long _requestsReceived;
    private long _responsesReceived;
    private long _introductionResponsesSent;
    private long _introductions;
    private long _punctureRequestsSent;
    private long _proofPingsSent;
    private long _addressesProven;
    private long _proofTimeouts;
    private long _livenessPingsSent;
    private long _livenessTimeouts;
    private long _peersDropped;
    private long _peerLimitServicesRemoved;
    private long _rateLimitedPerAddress;
    private long _rateLimitedGlobal;
    private long _refusedByReflectionBudget;
    private long _pendingTableFull;
    private long _unmatchedResponses;
    private long _peersRefused;
    private long _servicesRefused;
    private long _peersEvicted;
    private long _communitiesEvicted;
    private long _rateLimitedPerPrefix;
    private long _provenAddressesEvicted;
    private long _sendFailures;

    /// <summary>Gets the datagrams dropped, by reason (malformed, bad signature, unknown message id, rate limited, ...).</summary>
    public Messaging.DropCounters Drops { get; } = new();

    /// <summary>Gets the number of introduction-requests (246) accepted for processing.</summary>
    public long RequestsReceived => Interlocked.Read(ref _requestsReceived);

    internal void CountRequestsReceived() => Interlocked.Increment(ref _requestsReceived);

    /// <summary>Gets the number of introduction-responses (245) accepted for processing.</summary>
    public long ResponsesReceived => Interlocked.Read(ref _responsesReceived);

    internal void CountResponsesReceived() => Interlocked.Increment(ref _responsesReceived);

    /// <summary>Gets the number of introduction-responses (245) sent.</summary>
    public long IntroductionResponsesSent => Interlocked.Read(ref _introductionResponsesSent);

    internal void CountIntroductionResponsesSent() => Interlocked.Increment(ref _introductionResponsesSent);

    /// <summary>Gets the number of responses that introduced another peer.</summary>
    public long Introductions => Interlocked.Read(ref _introductions);

    internal void CountIntroductions() => Interlocked.Increment(ref _introductions);

    /// <summary>Gets the number of puncture-requests (250) sent to introduced peers.</summary>
    public long PunctureRequestsSent => Interlocked.Read(ref _punctureRequestsSent);

    internal void CountPunctureRequestsSent() => Interlocked.Increment(ref _punctureRequestsSent);

    /// <summary>Gets the number of introduction-requests sent to unproven requesters to prove their address.</summary>
    public long ProofPingsSent => Interlocked.Read(ref _proofPingsSent);

    internal void CountProofPingsSent() => Interlocked.Increment(ref _proofPingsSent);

    /// <summary>Gets the number of addresses that answered a proof ping.</summary>
    public long AddressesProven => Interlocked.Read(ref _addressesProven);

    internal void CountAddressesProven() => Interlocked.Increment(ref _addressesProven);

    /// <summary>Gets the number of proof pings that were not answered in time.</summary>
    public long ProofTimeouts => Interlocked.Read(ref _proofTimeouts);

    internal void CountProofTimeouts() => Interlocked.Increment(ref _proofTimeouts);

    /// <summary>Gets the number of liveness pings sent to registered peers.</summary>
    public long LivenessPingsSent => Interlocked.Read(ref _livenessPingsSent);

    internal void CountLivenessPingsSent() => Interlocked.Increment(ref _livenessPingsSent);

    /// <summary>Gets the number of liveness pings that were not answered in time (the service is forgotten).</summary>
    public long LivenessTimeouts => Interlocked.Read(ref _livenessTimeouts);

    internal void CountLivenessTimeouts() => Interlocked.Increment(ref _livenessTimeouts);

    /// <summary>Gets the number of peers dropped by the liveness pass or by unanswered pings.</summary>
    public long PeersDropped => Interlocked.Read(ref _peersDropped);

    internal void CountPeersDropped() => Interlocked.Increment(ref _peersDropped);

    /// <summary>Gets the number of services removed because a peer answered with peer_limit_reached.</summary>
    public long PeerLimitServicesRemoved => Interlocked.Read(ref _peerLimitServicesRemoved);

    internal void CountPeerLimitServicesRemoved() => Interlocked.Increment(ref _peerLimitServicesRemoved);

    /// <summary>Gets the number of datagrams refused by a per-address rate limit.</summary>
    public long RateLimitedPerAddress => Interlocked.Read(ref _rateLimitedPerAddress);

    internal void CountRateLimitedPerAddress() => Interlocked.Increment(ref _rateLimitedPerAddress);

    /// <summary>Gets the number of datagrams refused by the global budget for unproven addresses.</summary>
    public long RateLimitedGlobal => Interlocked.Read(ref _rateLimitedGlobal);

    internal void CountRateLimitedGlobal() => Interlocked.Increment(ref _rateLimitedGlobal);

    /// <summary>Gets the number of answers not sent because they would exceed the unproven requester's datagram.</summary>
    public long RefusedByReflectionBudget => Interlocked.Read(ref _refusedByReflectionBudget);

    internal void CountRefusedByReflectionBudget() => Interlocked.Increment(ref _refusedByReflectionBudget);

    /// <summary>Gets the number of pings not sent because MaxPendingPings was reached.</summary>
    public long PendingTableFull => Interlocked.Read(ref _pendingTableFull);

    internal void CountPendingTableFull() => Interlocked.Increment(ref _pendingTableFull);

    /// <summary>Gets the number of responses that matched no outstanding ping (identifier, address or key).</summary>
    public long UnmatchedResponses => Interlocked.Read(ref _unmatchedResponses);

    internal void CountUnmatchedResponses() => Interlocked.Increment(ref _unmatchedResponses);

    /// <summary>Gets the number of registrations refused because MaxPeers was reached.</summary>
    public long PeersRefused => Interlocked.Read(ref _peersRefused);

    internal void CountPeersRefused() => Interlocked.Increment(ref _peersRefused);

    /// <summary>Gets the number of registrations refused because the peer reached MaxServicesPerPeer.</summary>
    public long ServicesRefused => Interlocked.Read(ref _servicesRefused);

    internal void CountServicesRefused() => Interlocked.Increment(ref _servicesRefused);

    /// <summary>Gets the number of registrations evicted because a community exceeded MaxPeersPerCommunity.</summary>
    public long PeersEvicted => Interlocked.Read(ref _peersEvicted);

    internal void CountPeersEvicted() => Interlocked.Increment(ref _peersEvicted);

    /// <summary>Gets the number of communities evicted because MaxCommunities was reached.</summary>
    public long CommunitiesEvicted => Interlocked.Read(ref _communitiesEvicted);

    internal void CountCommunitiesEvicted() => Interlocked.Increment(ref _communitiesEvicted);

    /// <summary>Gets the number of unproven addresses whose rate limiter was evicted (MaxUnprovenAddresses).</summary>
    public long UnprovenAddressesEvicted => UnprovenLimiter?.AddressesEvicted ?? 0;

    /// <summary>Gets the number of /24 prefixes whose rate limiter was evicted (MaxUnprovenPrefixes).</summary>
    public long UnprovenPrefixesEvicted => UnprovenLimiter?.PrefixesEvicted ?? 0;

    /// <summary>Gets the number of datagrams refused by the per-prefix limit for unproven addresses.</summary>
    public long RateLimitedPerPrefix => Interlocked.Read(ref _rateLimitedPerPrefix);

    internal void CountRateLimitedPerPrefix() => Interlocked.Increment(ref _rateLimitedPerPrefix);

    /// <summary>Gets the counters of the limiter applied to unproven addresses (null for counters not owned by a tracker).</summary>
    public Messaging.ReceiveLimiterCounters? UnprovenLimiter { get; internal set; }

    /// <summary>Gets the number of proven addresses forgotten because MaxProvenAddresses was reached.</summary>
    public long ProvenAddressesEvicted => Interlocked.Read(ref _provenAddressesEvicted);

    internal void CountProvenAddressesEvicted() => Interlocked.Increment(ref _provenAddressesEvicted);

    /// <summary>Gets the number of datagrams the endpoint refused to send.</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    internal void CountSendFailures() => Interlocked.Increment(ref _sendFailures);

    /// <summary>
    /// Returns every counter under one flat snake_case name, sorted (the shape of a <c>--report</c> line's <c>counters</c>):
    /// drops by reason as <c>malformed</c>, <c>bad_signature</c>, ... (zeros included), the unproven-source limiter as
    /// <c>limiter_*</c>, and the tracker's own counters as <c>tracker_*</c> (<c>tracker_requests_received</c>, ...).
    /// </summary>
    public IReadOnlyDictionary<string, long> ToFlatDictionary()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, value) in Drops.Snapshot())
        {
            result[Communities.CommunityCounters.SnakeCase(reason)] = value;
        }

        if (UnprovenLimiter is { } limiter)
        {
            foreach (var (name, value) in limiter.Snapshot())
            {
                result["limiter_" + name] = value;
            }
        }

        result["tracker_requests_received"] = RequestsReceived;
        result["tracker_responses_received"] = ResponsesReceived;
        result["tracker_introduction_responses_sent"] = IntroductionResponsesSent;
        result["tracker_introductions"] = Introductions;
        result["tracker_puncture_requests_sent"] = PunctureRequestsSent;
        result["tracker_proof_pings_sent"] = ProofPingsSent;
        result["tracker_addresses_proven"] = AddressesProven;
        result["tracker_proof_timeouts"] = ProofTimeouts;
        result["tracker_liveness_pings_sent"] = LivenessPingsSent;
        result["tracker_liveness_timeouts"] = LivenessTimeouts;
        result["tracker_peers_dropped"] = PeersDropped;
        result["tracker_peer_limit_services_removed"] = PeerLimitServicesRemoved;
        result["tracker_rate_limited_per_address"] = RateLimitedPerAddress;
        result["tracker_rate_limited_per_prefix"] = RateLimitedPerPrefix;
        result["tracker_rate_limited_global"] = RateLimitedGlobal;
        result["tracker_refused_by_reflection_budget"] = RefusedByReflectionBudget;
        result["tracker_pending_table_full"] = PendingTableFull;
        result["tracker_unmatched_responses"] = UnmatchedResponses;
        result["tracker_peers_refused"] = PeersRefused;
        result["tracker_services_refused"] = ServicesRefused;
        result["tracker_peers_evicted"] = PeersEvicted;
        result["tracker_communities_evicted"] = CommunitiesEvicted;
        result["tracker_unproven_addresses_evicted"] = UnprovenAddressesEvicted;
        result["tracker_unproven_prefixes_evicted"] = UnprovenPrefixesEvicted;
        result["tracker_proven_addresses_evicted"] = ProvenAddressesEvicted;
        result["tracker_send_failures"] = SendFailures;
        return result;
    }

    /// <summary>
    /// Returns the non-zero counters of <see cref="ToFlatDictionary"/> as <c>name=value</c> pairs separated by spaces
    /// (<c>none</c> when all are zero), for one log line.
    /// </summary>
    public string ToLogText()
    {
        var parts = ToFlatDictionary().Where(p => p.Value != 0).Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Key}={p.Value}"));
        var text = string.Join(' ', parts);
        return text.Length == 0 ? "none" : text;
    }
}
