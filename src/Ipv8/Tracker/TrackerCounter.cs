namespace Ipv8.Tracker;

/// <summary>
/// What a <see cref="TrackerService"/> counts: its work and every bound that bites. Read through
/// <see cref="TrackerCounters"/>; reported as <c>tracker_</c> + the snake_case name (<see cref="RequestsReceived"/> as
/// <c>tracker_requests_received</c>).
/// </summary>
public enum TrackerCounter
{
    /// <summary>The number of introduction-requests (246) accepted for processing.</summary>
    RequestsReceived,

    /// <summary>The number of introduction-responses (245) accepted for processing.</summary>
    ResponsesReceived,

    /// <summary>The number of introduction-responses (245) sent.</summary>
    IntroductionResponsesSent,

    /// <summary>The number of responses that introduced another peer.</summary>
    Introductions,

    /// <summary>The number of puncture-requests (250) sent to introduced peers.</summary>
    PunctureRequestsSent,

    /// <summary>The number of introduction-requests sent to unproven requesters to prove their address.</summary>
    ProofPingsSent,

    /// <summary>The number of addresses that answered a proof ping.</summary>
    AddressesProven,

    /// <summary>The number of proof pings that were not answered in time.</summary>
    ProofTimeouts,

    /// <summary>The number of liveness pings sent to registered peers.</summary>
    LivenessPingsSent,

    /// <summary>The number of liveness pings that were not answered in time (the service is forgotten).</summary>
    LivenessTimeouts,

    /// <summary>The number of peers dropped by the liveness pass or by unanswered pings.</summary>
    PeersDropped,

    /// <summary>The number of services removed because a peer answered with peer_limit_reached.</summary>
    PeerLimitServicesRemoved,

    /// <summary>The number of datagrams refused by a per-address rate limit.</summary>
    RateLimitedPerAddress,

    /// <summary>The number of datagrams refused by the per-prefix limit for unproven addresses.</summary>
    RateLimitedPerPrefix,

    /// <summary>The number of datagrams refused by the global budget for unproven addresses.</summary>
    RateLimitedGlobal,

    /// <summary>The number of answers not sent because they would exceed the unproven requester's datagram.</summary>
    RefusedByReflectionBudget,

    /// <summary>The number of pings not sent because MaxPendingPings was reached.</summary>
    PendingTableFull,

    /// <summary>The number of responses that matched no outstanding ping (identifier, address or key).</summary>
    UnmatchedResponses,

    /// <summary>The number of registrations refused because MaxPeers was reached.</summary>
    PeersRefused,

    /// <summary>The number of registrations refused because the peer reached MaxServicesPerPeer.</summary>
    ServicesRefused,

    /// <summary>The number of registrations evicted because a community exceeded MaxPeersPerCommunity.</summary>
    PeersEvicted,

    /// <summary>The number of communities evicted because MaxCommunities was reached.</summary>
    CommunitiesEvicted,

    /// <summary>The number of proven addresses forgotten because MaxProvenAddresses was reached.</summary>
    ProvenAddressesEvicted,

    /// <summary>The number of datagrams the endpoint refused to send.</summary>
    SendFailures,
}
