using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Tracker;
using Launcher.Definitions;
using static Launcher.Hosting.OptionValue;

namespace Launcher.Hosting;

/// <summary>
/// The operator-configurable hardening limits, one binder per options record: durations in seconds, rates per second,
/// bursts and table sizes as counts. The schema (<c>$defs/receive_limits</c>, <c>$defs/trust</c>,
/// <c>$defs/tracker_limits</c>) lists the same keys; a test keeps them equal.
/// </summary>
internal static class OptionsBinders
{
    /// <summary><c>initialize: { receive_limits: {...} }</c>: admission limits before signature verification.</summary>
    public static readonly OptionsRecordBinder<ReceiveLimitOptions> ReceiveLimits = new("receive_limits", o => o.Validate(), new Dictionary<string, Func<ReceiveLimitOptions, ConfigValue, ReceiveLimitOptions>>(StringComparer.Ordinal)
    {
        ["enabled"] = (o, v) => o with { Enabled = Boolean(v) },
        ["address_rate"] = (o, v) => o with { AddressRate = Number(v) },
        ["address_burst"] = (o, v) => o with { AddressBurst = Number(v) },
        ["prefix_rate"] = (o, v) => o with { PrefixRate = Number(v) },
        ["prefix_burst"] = (o, v) => o with { PrefixBurst = Number(v) },
        ["global_rate"] = (o, v) => o with { GlobalRate = Number(v) },
        ["global_burst"] = (o, v) => o with { GlobalBurst = Number(v) },
        ["max_addresses"] = (o, v) => o with { MaxAddresses = Integer(v) },
        ["max_prefixes"] = (o, v) => o with { MaxPrefixes = Integer(v) },
        ["ipv4_prefix_length"] = (o, v) => o with { IPv4PrefixLength = Integer(v) },
        ["ipv6_prefix_length"] = (o, v) => o with { IPv6PrefixLength = Integer(v) },
    });

    /// <summary><c>initialize: { trust: {...} }</c>: return routability before trust (<see cref="CommunitySettings.Trust"/>).</summary>
    public static readonly OptionsRecordBinder<PeerTrustOptions> Trust = new("trust", o => o.Validate(), new Dictionary<string, Func<PeerTrustOptions, ConfigValue, PeerTrustOptions>>(StringComparer.Ordinal)
    {
        ["enabled"] = (o, v) => o with { Enabled = Boolean(v) },
        ["challenge_timeout"] = (o, v) => o with { ChallengeTimeout = Seconds(v) },
        ["max_outstanding_requests"] = (o, v) => o with { MaxOutstandingRequests = Integer(v) },
        ["max_pending_challenges"] = (o, v) => o with { MaxPendingChallenges = Integer(v) },
        ["max_proven_addresses"] = (o, v) => o with { MaxProvenAddresses = Integer(v) },
        ["proven_address_lifetime"] = (o, v) => o with { ProvenAddressLifetime = Seconds(v) },
        ["max_ledger_entries"] = (o, v) => o with { MaxLedgerEntries = Integer(v) },
        ["ledger_window"] = (o, v) => o with { LedgerWindow = Seconds(v) },
        ["pad_walks"] = (o, v) => o with { PadWalks = Boolean(v) },
        ["puncture_requests_per_second"] = (o, v) => o with { PunctureRequestsPerSecond = Number(v) },
        ["puncture_request_burst"] = (o, v) => o with { PunctureRequestBurst = Number(v) },
        ["punctures_per_target_per_second"] = (o, v) => o with { PuncturesPerTargetPerSecond = Number(v) },
        ["puncture_target_burst"] = (o, v) => o with { PunctureTargetBurst = Number(v) },
        ["max_rate_entries"] = (o, v) => o with { MaxRateEntries = Integer(v) },
        ["silent_peer_time"] = (o, v) => o with { SilentPeerTime = Seconds(v) },
        ["full_answers_per_second"] = (o, v) => o with { FullAnswersPerSecond = Number(v) },
        ["full_answer_burst"] = (o, v) => o with { FullAnswerBurst = Number(v) },
        ["full_answers_per_prefix_per_second"] = (o, v) => o with { FullAnswersPerPrefixPerSecond = Number(v) },
        ["full_answer_prefix_burst"] = (o, v) => o with { FullAnswerPrefixBurst = Number(v) },
        ["full_answer_newcomer_reserve"] = (o, v) => o with { FullAnswerNewcomerReserve = Number(v) },
        ["early_answers_per_window"] = (o, v) => o with { EarlyAnswersPerWindow = Integer(v) },
        ["early_answer_window"] = (o, v) => o with { EarlyAnswerWindow = Seconds(v) },
    });

    /// <summary>
    /// <c>tracker: { limits: {...} }</c>: the bounds and request rates of a hosted tracker (<see cref="TrackerOptions"/>);
    /// its identity and liveness timing keep py-ipv8's values.
    /// </summary>
    public static readonly OptionsRecordBinder<TrackerOptions> TrackerLimits = new("limits", o => o.Validate(), new Dictionary<string, Func<TrackerOptions, ConfigValue, TrackerOptions>>(StringComparer.Ordinal)
    {
        ["requests_per_second_per_address"] = (o, v) => o with { RequestsPerSecondPerAddress = Number(v) },
        ["request_burst_per_address"] = (o, v) => o with { RequestBurstPerAddress = Number(v) },
        ["prefix_requests_per_second"] = (o, v) => o with { PrefixRequestsPerSecond = Number(v) },
        ["prefix_request_burst"] = (o, v) => o with { PrefixRequestBurst = Number(v) },
        ["global_requests_per_second"] = (o, v) => o with { GlobalRequestsPerSecond = Number(v) },
        ["global_request_burst"] = (o, v) => o with { GlobalRequestBurst = Number(v) },
        ["max_unproven_addresses"] = (o, v) => o with { MaxUnprovenAddresses = Integer(v) },
        ["max_unproven_prefixes"] = (o, v) => o with { MaxUnprovenPrefixes = Integer(v) },
        ["max_proven_addresses"] = (o, v) => o with { MaxProvenAddresses = Integer(v) },
        ["max_peers"] = (o, v) => o with { MaxPeers = Integer(v) },
        ["max_peers_per_community"] = (o, v) => o with { MaxPeersPerCommunity = Integer(v) },
        ["max_communities"] = (o, v) => o with { MaxCommunities = Integer(v) },
        ["max_services_per_peer"] = (o, v) => o with { MaxServicesPerPeer = Integer(v) },
        ["max_pending_pings"] = (o, v) => o with { MaxPendingPings = Integer(v) },
    });
}
