using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>The bounded tables behind a community's trust rules (<see cref="PeerTrustOptions"/>), built once per community.</summary>
internal sealed class TrustTables
{
    public TrustTables(PeerTrustOptions options, int? seed)
    {
        options.ThrowIfInvalid();
        Options = options;
        Outstanding = new OutstandingRequests(options.MaxOutstandingRequests, options.ChallengeTimeout);
        Proven = new ProvenAddresses(options.MaxProvenAddresses, options.ProvenAddressLifetime, Counters);
        Pending = new PendingChallenges(options.MaxPendingChallenges, options.ChallengeTimeout, Counters);
        Ledger = new ReflectionLedger(options.MaxLedgerEntries, options.LedgerWindow);
        PunctureRequesters = new KeyedRateLimiter<UdpAddress>(options.MaxRateEntries, options.PunctureRequestsPerSecond, options.PunctureRequestBurst);
        PunctureTargets = new KeyedRateLimiter<UdpAddress>(options.MaxRateEntries, options.PuncturesPerTargetPerSecond, options.PunctureTargetBurst);
        FullAnswers = new FullAnswerBudget(options);
        EarlyAnswers = new EarlyAnswerLimits(options);

        // Identifiers prove return routability, so they must not be guessable: a seeded generator only when the settings
        // ask for reproducibility (tests); otherwise null, and OutstandingRequests draws from the OS's cryptographic generator.
        Identifiers = seed is { } s ? new Random(unchecked((s * 31) + 17)) : null;
    }

    public PeerTrustOptions Options { get; }

    public TrustCounters Counters { get; } = new();

    public OutstandingRequests Outstanding { get; }

    public ProvenAddresses Proven { get; }

    public PendingChallenges Pending { get; }

    public ReflectionLedger Ledger { get; }

    public KeyedRateLimiter<UdpAddress> PunctureRequesters { get; }

    public KeyedRateLimiter<UdpAddress> PunctureTargets { get; }

    public FullAnswerBudget FullAnswers { get; }

    public EarlyAnswerLimits EarlyAnswers { get; }

    public Random? Identifiers { get; }
}
