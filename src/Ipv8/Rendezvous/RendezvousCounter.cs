namespace Ipv8.Rendezvous;

/// <summary>
/// What a <see cref="RendezvousCommunity"/> counts: its work and every refusal. Each appears in
/// <see cref="Communities.Community.GetCounters"/> as <c>rendezvous_</c> + the snake_case name
/// (<see cref="RefusedForgedKey"/> as <c>rendezvous_refused_forged_key</c>).
/// </summary>
public enum RendezvousCounter
{
    /// <summary>New registrations stored.</summary>
    RegistrationsAccepted,

    /// <summary>Registrations that replaced the same key's earlier one in the same namespace (re-registration).</summary>
    RegistrationsRefreshed,

    /// <summary>Registrations removed by the sweep after their TTL.</summary>
    RegistrationsExpired,

    /// <summary>Registrations removed by UNREGISTER.</summary>
    Unregistrations,

    /// <summary>Requested TTLs raised to the minimum or lowered to 72 h.</summary>
    TtlClamped,

    /// <summary>DISCOVER pages answered.</summary>
    DiscoverPagesServed,

    /// <summary>Records handed out in DISCOVER_RESPONSEs.</summary>
    RecordsServed,

    /// <summary>Requests refused because this node does not serve (<see cref="RendezvousOptions.Serve"/> false).</summary>
    RefusedNotServing,

    /// <summary>Requests from a source where their key is not proven (not answered at all).</summary>
    RefusedUnproven,

    /// <summary>Requests over a source's rate (<see cref="RendezvousOptions.RegistrationsPerSecond"/>, <see cref="RendezvousOptions.DiscoveriesPerSecond"/>).</summary>
    RefusedRateLimited,

    /// <summary>REGISTERs whose record names another namespace.</summary>
    RefusedWrongNamespace,

    /// <summary>REGISTERs carrying another key's record.</summary>
    RefusedForgedKey,

    /// <summary>REGISTERs whose record signature does not verify (or whose key does not parse).</summary>
    RefusedBadRecordSignature,

    /// <summary>REGISTERs whose record has expired.</summary>
    RefusedExpiredRecord,

    /// <summary>REGISTERs whose record expires later than 72 h plus <see cref="RendezvousCommunity.ExpirySkew"/> from now.</summary>
    RefusedLongLivedRecord,

    /// <summary>REGISTERs refused because the key holds <see cref="RendezvousOptions.MaxRegistrationsPerKey"/> registrations.</summary>
    RefusedKeyFull,

    /// <summary>REGISTERs refused because the source's /24 or /56 holds <see cref="RendezvousOptions.MaxRegistrationsPerPrefix"/>.</summary>
    RefusedPrefixFull,

    /// <summary>REGISTERs refused because the point holds <see cref="RendezvousOptions.MaxRegistrations"/>.</summary>
    RefusedStoreFull,

    /// <summary>DISCOVERs with a cookie that is malformed, altered, or bound to another namespace or requester.</summary>
    RefusedCookieTampered,

    /// <summary>DISCOVERs with an expired cookie.</summary>
    RefusedCookieExpired,

    /// <summary>DISCOVERs with a cookie already used.</summary>
    RefusedCookieReplayed,

    /// <summary>Used cookies forgotten early because the replay table was full.</summary>
    CookiesForgotten,

    /// <summary>Client side: responses that match no outstanding request of ours, or come from another address.</summary>
    UnsolicitedResponses,

    /// <summary>Client side: records in DISCOVER_RESPONSEs or announcements that failed <see cref="SignedPeerRecord.Check"/>.</summary>
    InvalidRecordsReceived,

    /// <summary>Client side: requests that got no answer within <see cref="RendezvousOptions.RequestTimeout"/>.</summary>
    RequestTimeouts,

    /// <summary>Client side: requests refused at once because <see cref="RendezvousOptions.MaxPendingRequests"/> were outstanding.</summary>
    RequestsRefusedPendingFull,

    /// <summary>LAN announcements sent.</summary>
    AnnouncementsSent,

    /// <summary>LAN announcements accepted.</summary>
    AnnouncementsReceived,

    /// <summary>LAN announcements refused (another key's record, bad record, over the rate).</summary>
    AnnouncementsRefused,
}
