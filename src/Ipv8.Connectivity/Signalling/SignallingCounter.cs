namespace Ipv8.Connectivity.Signalling;

/// <summary>What <see cref="SignallingCommunity"/> did and refused; each also appears in the community's counters as <c>signalling_</c> plus its snake_case name.</summary>
public enum SignallingCounter
{
    /// <summary>Connection requests we sent straight to a verified peer.</summary>
    RequestsSentDirect,

    /// <summary>Connection requests we asked an introducer to relay (one per introducer asked).</summary>
    RequestsSentRelayed,

    /// <summary>Replies that answered one of our requests.</summary>
    RepliesReceived,

    /// <summary>Our requests abandoned without a reply (cancelled or out of time).</summary>
    RequestsUnanswered,

    /// <summary>Requests refused at once because too many of ours were in flight.</summary>
    PendingFull,

    /// <summary>Requests handed to the local handler (direct or relayed).</summary>
    RequestsHandled,

    /// <summary>Direct requests or relay requests from a (key, address) not proven: dropped unanswered, so nothing goes to an unproven address.</summary>
    RefusedUnprovenSource,

    /// <summary>Requests and relay requests over the per-source or per-target rate.</summary>
    RefusedRateLimited,

    /// <summary>Bodies or wrapped messages that did not parse, carried a foreign prefix or a bad signature.</summary>
    RefusedMalformed,

    /// <summary>Requests whose reachability record is invalid, expired, or signed by another key than the request's.</summary>
    RefusedForgedRecord,

    /// <summary>Requests that came from (or were relayed for) an address the requester's own record does not list: a third party named as the address to connect to.</summary>
    RefusedThirdPartyAddress,

    /// <summary>The same request seen again (over another path, or replayed): ignored.</summary>
    DuplicatesIgnored,

    /// <summary>Replies that matched no request of ours, or came from another key than the one asked.</summary>
    RepliesUnsolicited,

    /// <summary>Requests relayed for others (as introducer).</summary>
    RelaysForwarded,

    /// <summary>Replies relayed back to requesters (as introducer).</summary>
    RelayRepliesForwarded,

    /// <summary>Relay requests naming a target that is not a verified peer at a proven address (as introducer).</summary>
    RelayRefusedUnknownTarget,

    /// <summary>Relay requests wrapping a message signed by another key than the relay request's (as introducer).</summary>
    RelayRefusedForgedInner,

    /// <summary>Relay requests refused because the table of relayed requests was full (as introducer).</summary>
    RelayRefusedTableFull,

    /// <summary>Replies offered for relaying that answer no request we relayed (as introducer).</summary>
    RelayRepliesUnsolicited,

    /// <summary>Relayed messages from a sender that is not a verified peer at its proven address.</summary>
    RelayedFromUntrustedIntroducer,
}
