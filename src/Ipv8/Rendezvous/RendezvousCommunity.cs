using Ipv8.Communities;
using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>
/// The rendezvous protocol (libp2p rendezvous, with nim-libp2p's limits) as an IPv8 overlay: any node can serve as a
/// rendezvous point (<see cref="RendezvousOptions.Serve"/>), where peers REGISTER a signed record under a namespace and
/// others DISCOVER the records of a namespace, page by page with an opaque cookie. Every node can be a client
/// (<see cref="RegisterAsync"/>, <see cref="UnregisterAsync"/>, <see cref="DiscoverAsync"/>) and can announce its records
/// on the LAN (<see cref="Announce"/>).
/// </summary>
/// <remarks>
/// <para>Community id <see cref="DefaultCommunityIdHex"/> (ASCII "ipv8 rendezvous pt 1") unless the settings give one.
/// Messages 1-6 (<see cref="RegisterPayload"/>, <see cref="RegisterResponsePayload"/>, <see cref="UnregisterPayload"/>,
/// <see cref="DiscoverPayload"/>, <see cref="DiscoverResponsePayload"/>, <see cref="AnnouncePayload"/>) are signed without
/// global time, framed as py-ipv8 frames dataclass payloads (<c>ezr_pack</c>).</para>
/// <para>Serving: REGISTER, UNREGISTER and DISCOVER are served only to a key proven at the source address by the trust
/// handshake of <see cref="Community"/> (with trust off: a verified peer at that address); anything else gets no answer at
/// all, so nothing is ever sent to an unproven source. TTLs are clamped to [<see cref="RendezvousOptions.MinTtl"/>, 72 h];
/// registrations are bounded per key, per /24 or /56 and overall; expired ones are swept every
/// <see cref="RendezvousOptions.SweepInterval"/>; a DISCOVER returns at most 1,000 records over pages of at most
/// <see cref="RendezvousOptions.MaxDatagramSize"/> bytes, starting at a random registration and shuffled within a page.
/// Every refusal is counted (<see cref="RendezvousCounter"/>, also in <see cref="Community.GetCounters"/>).</para>
/// <para>Threading: handlers and timers run under <see cref="Peers.Network.SyncRoot"/>; public members take it themselves.
/// Tasks returned by the client methods complete under that lock, with continuations run asynchronously.</para>
/// </remarks>
[CommunityId(DefaultCommunityIdHex)]
public sealed partial class RendezvousCommunity : Community
{
    /// <summary>The default community id, 40 hex digits: ASCII "ipv8 rendezvous pt 1".</summary>
    public const string DefaultCommunityIdHex = "697076382072656e64657a766f75732070742031";

    /// <summary>How far beyond the longest TTL a registered record's expiry may lie (5 minutes: clock skew plus the client's grace).</summary>
    public static readonly TimeSpan ExpirySkew = TimeSpan.FromMinutes(5);

    private const string SweepTaskName = "rendezvous sweep";

    private const string MeterName = "Ipv8.Rendezvous";
    private readonly CounterSet<RendezvousCounter> _counters = new();
    private readonly RegistrationStore _store;
    private readonly CookieCodec _cookies;
    private readonly TokenBucketTable<UdpAddress> _registerLimiter;
    private readonly TokenBucketTable<UdpAddress> _discoverLimiter;
    private readonly TokenBucketTable<UdpAddress> _announceLimiter;
    private readonly PublicKeyParser _parser;

    /// <summary>Creates the overlay; when serving, starts the periodic sweep of expired registrations.</summary>
    /// <param name="settings">The community settings; the community id must be <see cref="DefaultCommunityIdHex"/>.</param>
    /// <param name="options">The rendezvous settings (default: a client that does not serve).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting of <paramref name="options"/> is out of range (see <see cref="RendezvousOptions.Validate"/>).</exception>
    /// <exception cref="ArgumentException">The settings carry another community id.</exception>
    public RendezvousCommunity(CommunitySettings settings, RendezvousOptions? options = null)
        : base(WithRendezvousId(settings))
    {
        Options = options ?? new RendezvousOptions();
        Options.ThrowIfInvalid();
        _parser = settings.KeyParser ?? settings.KeyFactory!.TryParsePublicKey;
        _store = new RegistrationStore(Options);
        _cookies = new CookieCodec(Options.MaxRememberedCookies, _counters);
        _registerLimiter = new TokenBucketTable<UdpAddress>(Options.MaxRateEntries, TokenRate.InUtcTicks(Options.RegistrationsPerSecond, Options.RegistrationBurst), TableFullPolicy.RefuseUnlessIdle);
        _discoverLimiter = new TokenBucketTable<UdpAddress>(Options.MaxRateEntries, TokenRate.InUtcTicks(Options.DiscoveriesPerSecond, Options.DiscoveryBurst), TableFullPolicy.RefuseUnlessIdle);
        _announceLimiter = new TokenBucketTable<UdpAddress>(Options.MaxRateEntries, TokenRate.InUtcTicks(1, 10), TableFullPolicy.RefuseUnlessIdle);
        Meters.Publish(MeterName, _counters, "rendezvous_");
        Meters.PublishGauge(MeterName, "rendezvous_registrations", () => Locked(static c => c._store.Count));
        Meters.PublishGauge(MeterName, "rendezvous_namespaces", () => Locked(static c => c._store.NamespaceCount));
        Meters.PublishGauge(MeterName, "rendezvous_pending_requests", () => Locked(static c => c._pending.Count));
        AddMessageHandler(RegisterPayload.MessageId, OnRegister);
        AddMessageHandler(RegisterResponsePayload.MessageId, OnRegisterResponse);
        AddMessageHandler(UnregisterPayload.MessageId, OnUnregister);
        AddMessageHandler(DiscoverPayload.MessageId, OnDiscover);
        AddMessageHandler(DiscoverResponsePayload.MessageId, OnDiscoverResponse);
        AddMessageHandler(AnnouncePayload.MessageId, OnAnnounce);
        if (Options.Serve)
        {
            Tasks.RegisterPeriodic(SweepTaskName, Options.SweepInterval, SweepExpired);
        }
    }

    /// <summary>Gets the rendezvous settings.</summary>
    public RendezvousOptions Options { get; }

    /// <summary>Gets the key parser records are checked with.</summary>
    public PublicKeyParser KeyParser => _parser;

    /// <summary>Gets the number of registrations held (serving side). Takes the network lock.</summary>
    public int RegistrationCount
    {
        get
        {
            lock (Network.SyncRoot)
            {
                return _store.Count;
            }
        }
    }

    /// <summary>
    /// Gets an estimate of the memory the registrations take: twice each record's wire size (arrays and a UTF-16
    /// namespace) plus 1 KiB of table overhead per registration (the benchmark measured about 950 bytes in all for a
    /// 167-byte record). Never above <c>MaxRegistrations × RendezvousOptions.MaxBytesPerRegistration</c>. Takes the network lock.
    /// </summary>
    public long RegistrationBytes
    {
        get
        {
            lock (Network.SyncRoot)
            {
                return (2 * _store.RecordBytes) + (1024L * _store.Count);
            }
        }
    }

    /// <summary>Returns one counter.</summary>
    /// <param name="counter">The counter.</param>
    /// <returns>Its value.</returns>
    public long GetCount(RendezvousCounter counter) => _counters[counter];

    /// <summary>Removes every expired registration now (the periodic sweep does the same). Takes the network lock.</summary>
    /// <returns>The number removed.</returns>
    public int SweepExpiredNow()
    {
        lock (Network.SyncRoot)
        {
            var removed = _store.Sweep(TimeProvider.GetUtcNow().UtcTicks);
            _counters.Add(RendezvousCounter.RegistrationsExpired, removed);
            return removed;
        }
    }

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, long> GetOverlayCounters()
    {
        var snapshot = _counters.Snapshot("rendezvous_");
        lock (Network.SyncRoot)
        {
            snapshot["rendezvous_registrations"] = _store.Count;
            snapshot["rendezvous_namespaces"] = _store.NamespaceCount;
            snapshot["rendezvous_pending_requests"] = _pending.Count;
        }

        return snapshot;
    }

    private long Locked(Func<RendezvousCommunity, long> read)
    {
        lock (Network.SyncRoot)
        {
            return read(this);
        }
    }

    private static CommunitySettings WithRendezvousId(CommunitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Convert.ToHexStringLower(settings.CommunityId.Span) == DefaultCommunityIdHex
            ? settings
            : throw new ArgumentException($"A RendezvousCommunity has community id {DefaultCommunityIdHex}, not {Convert.ToHexStringLower(settings.CommunityId.Span)}.", nameof(settings));
    }

    private void SweepExpired() => SweepExpiredNow();
}
