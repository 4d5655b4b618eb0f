namespace Ipv8.Rendezvous;

/// <summary>
/// Settings of a <see cref="RendezvousCommunity"/>: whether it serves as a rendezvous point, the limits of libp2p
/// rendezvous (nim-libp2p's numbers) and the bounds that keep a point's memory and work finite under attack.
/// </summary>
/// <remarks>
/// Memory bound: at most <see cref="MaxRegistrations"/> registrations, each at most about
/// <see cref="MaxBytesPerRegistration"/> bytes, so a point never holds more than
/// <c>MaxRegistrations × MaxBytesPerRegistration</c> bytes of registrations (about 300 MB with the defaults; lower
/// <see cref="MaxRegistrations"/> on small hosts). Measured: 951 bytes of managed heap per registration of a typical
/// 167-byte record, each in its own namespace (docs/benchmarks.md, <c>rendezvous-udp</c>).
/// </remarks>
public sealed record RendezvousOptions
{
    /// <summary>The longest TTL a point ever grants (72 hours, as libp2p).</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(72);

    /// <summary>The most records one DISCOVER returns over all its pages (1,000, as nim-libp2p).</summary>
    public const int MaxDiscoverLimit = 1000;

    /// <summary>The upper bound of <see cref="MaxDatagramSize"/> (1,400 bytes).</summary>
    public const int DatagramSizeCeiling = 1400;

    /// <summary>
    /// An upper estimate of the memory one registration takes (3 KiB): the largest record (about 860 wire bytes: a 255-byte
    /// namespace, four IPv6 addresses, an EC key) held as arrays and a UTF-16 string, plus the tables' overhead (about
    /// 800 bytes measured, a namespace of its own included).
    /// </summary>
    public const int MaxBytesPerRegistration = 3072;

    /// <summary>Gets a value indicating whether this node serves as a rendezvous point (answers REGISTER and DISCOVER). Default false.</summary>
    public bool Serve { get; init; }

    /// <summary>Gets the shortest TTL granted; shorter requests are raised to it. Default 2 minutes; must be in (0, 72 h].</summary>
    public TimeSpan MinTtl { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets the TTL granted when a REGISTER asks for none (0), and what clients ask for by default. Default 2 hours; must be in [MinTtl, 72 h].</summary>
    public TimeSpan DefaultTtl { get; init; } = TimeSpan.FromHours(2);

    /// <summary>Gets the most registrations one key holds at a point (one per namespace). Default 1,000; must be ≥ 1.</summary>
    public int MaxRegistrationsPerKey { get; init; } = 1000;

    /// <summary>Gets the most registrations from one /24 (IPv4) or /56 (IPv6) prefix. Default 10,000; must be ≥ 1.</summary>
    public int MaxRegistrationsPerPrefix { get; init; } = 10_000;

    /// <summary>Gets the most registrations a point holds overall. Default 100,000; must be ≥ 1.</summary>
    public int MaxRegistrations { get; init; } = 100_000;

    /// <summary>Gets the largest datagram a point sends (DISCOVER_RESPONSE pages). Default 1,400; must be in [600, 1,400].</summary>
    public int MaxDatagramSize { get; init; } = DatagramSizeCeiling;

    /// <summary>Gets how long a cookie stays valid after it was issued. Default 5 minutes; must be &gt; 0.</summary>
    public TimeSpan CookieLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets the most used cookies remembered to refuse replays (the oldest is forgotten first). Default 16,384; must be ≥ 1.</summary>
    public int MaxRememberedCookies { get; init; } = 16_384;

    /// <summary>Gets how often expired registrations are swept. Default 1 minute; must be &gt; 0.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets the sustained REGISTER/UNREGISTER rate served per source address. Default 100 per second; must be &gt; 0.</summary>
    public double RegistrationsPerSecond { get; init; } = 100;

    /// <summary>Gets the REGISTER/UNREGISTER burst served per source address. Default 1,000; must be ≥ 1.</summary>
    public double RegistrationBurst { get; init; } = 1000;

    /// <summary>Gets the sustained DISCOVER rate served per source address (pages included). Default 20 per second; must be &gt; 0.</summary>
    public double DiscoveriesPerSecond { get; init; } = 20;

    /// <summary>Gets the DISCOVER burst served per source address. Default 100; must be ≥ 1.</summary>
    public double DiscoveryBurst { get; init; } = 100;

    /// <summary>Gets the most source addresses tracked by each rate table (new addresses are refused while it is full of live buckets). Default 16,384; must be ≥ 1.</summary>
    public int MaxRateEntries { get; init; } = 16_384;

    /// <summary>Gets how long a client waits for an answer (including the walk that proves it to the point). Default 10 s; must be &gt; 0.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how long after a point last answered our walk we still count ourselves proven there; older, we walk first. Default 1 minute; must be &gt; 0.</summary>
    public TimeSpan ProofFreshness { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets the most client requests outstanding at once (more fail at once). Default 1,024; must be ≥ 1.</summary>
    public int MaxPendingRequests { get; init; } = 1024;

    /// <summary>Returns every problem with these settings (empty when valid).</summary>
    /// <returns>The problems, one sentence each.</returns>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <summary>Throws for the first problem <see cref="Validate"/> would report.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check() => new OptionChecks()
        .Require(MinTtl > TimeSpan.Zero && MinTtl <= MaxTtl, MinTtl, nameof(MinTtl), "min_ttl", "must be greater than 0 and at most 72 h")
        .Require(DefaultTtl >= MinTtl && DefaultTtl <= MaxTtl, DefaultTtl, nameof(DefaultTtl), "default_ttl", "must be between min_ttl and 72 h")
        .AtLeast(MaxRegistrationsPerKey, 1, nameof(MaxRegistrationsPerKey), "max_registrations_per_key")
        .AtLeast(MaxRegistrationsPerPrefix, 1, nameof(MaxRegistrationsPerPrefix), "max_registrations_per_prefix")
        .AtLeast(MaxRegistrations, 1, nameof(MaxRegistrations), "max_registrations")
        .InRange(MaxDatagramSize, 600, DatagramSizeCeiling, nameof(MaxDatagramSize), "max_datagram_size")
        .Positive(CookieLifetime, nameof(CookieLifetime), "cookie_lifetime")
        .AtLeast(MaxRememberedCookies, 1, nameof(MaxRememberedCookies), "max_remembered_cookies")
        .Positive(SweepInterval, nameof(SweepInterval), "sweep_interval")
        .Require(RegistrationsPerSecond > 0, RegistrationsPerSecond, nameof(RegistrationsPerSecond), "registrations_per_second", "must be greater than 0")
        .Require(RegistrationBurst >= 1, RegistrationBurst, nameof(RegistrationBurst), "registration_burst", "must be at least 1")
        .Require(DiscoveriesPerSecond > 0, DiscoveriesPerSecond, nameof(DiscoveriesPerSecond), "discoveries_per_second", "must be greater than 0")
        .Require(DiscoveryBurst >= 1, DiscoveryBurst, nameof(DiscoveryBurst), "discovery_burst", "must be at least 1")
        .AtLeast(MaxRateEntries, 1, nameof(MaxRateEntries), "max_rate_entries")
        .Positive(RequestTimeout, nameof(RequestTimeout), "request_timeout")
        .Positive(ProofFreshness, nameof(ProofFreshness), "proof_freshness")
        .AtLeast(MaxPendingRequests, 1, nameof(MaxPendingRequests), "max_pending_requests");
}
