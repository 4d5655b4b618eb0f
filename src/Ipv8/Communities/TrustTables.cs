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
        PunctureRequesters = new TokenBucketTable<UdpAddress>(options.MaxRateEntries, TokenRate.InUtcTicks(options.PunctureRequestsPerSecond, options.PunctureRequestBurst), TableFullPolicy.RefuseUnlessIdle, reuseIdleSlots: true);
        PunctureTargets = new TokenBucketTable<UdpAddress>(options.MaxRateEntries, TokenRate.InUtcTicks(options.PuncturesPerTargetPerSecond, options.PunctureTargetBurst), TableFullPolicy.RefuseUnlessIdle, reuseIdleSlots: true);
        FullAnswers = new FullAnswerBudget(options);
        EarlyAnswers = new EarlyAnswerLimits(options);

        // Identifiers prove return routability, so they must not be guessable: a seeded generator only when the settings
        // ask for reproducibility (tests); otherwise null, and OutstandingRequests draws from the OS's cryptographic generator.
        Identifiers = seed is { } s ? new Random(unchecked((s * 31) + 17)) : null;
    }

    public PeerTrustOptions Options { get; }

    public CounterSet<TrustCounter> Counters { get; } = new();

    public OutstandingRequests Outstanding { get; }

    public ProvenAddresses Proven { get; }

    public PendingChallenges Pending { get; }

    public ReflectionLedger Ledger { get; }

    public TokenBucketTable<UdpAddress> PunctureRequesters { get; }

    public TokenBucketTable<UdpAddress> PunctureTargets { get; }

    public FullAnswerBudget FullAnswers { get; }

    public EarlyAnswerLimits EarlyAnswers { get; }

    public Random? Identifiers { get; }
}
