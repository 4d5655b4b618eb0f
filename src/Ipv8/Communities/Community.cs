using Ipv8.Bootstrapping;
using Ipv8.Discovery;
using Ipv8.Messaging;
using Ipv8.Peers;
using Microsoft.Extensions.Logging;

namespace Ipv8.Communities;

/// <summary>
/// The base of every overlay (py-ipv8 <c>Community</c>, spec 1.4, 1.5, 5, 12, 13): routes the datagrams carrying its
/// 22-byte prefix to handlers by message id, answers introduction requests, learns peers from introduction
/// responses, punctures NATs on request, estimates its own addresses, and drives its bootstrappers.
/// </summary>
/// <remarks>
/// <para>Construction registers the community as prefix listener on the endpoint and as service provider in the
/// network, blacklists its own mid and installs the handlers of the reserved ids (246/234 requests, 245/233
/// responses, 250/232 puncture requests, 249/231 punctures). Subclasses add their own ids (0-230) with
/// <see cref="AddMessageHandler"/>, <see cref="AddSignedHandler{TPayload}"/> or <see cref="AddUnsignedHandler{TPayload}"/>,
/// and may replace a reserved handler with <see cref="ReplaceMessageHandler"/>.</para>
/// <para>Threading: datagrams are handled, and timer callbacks run, while holding <see cref="Network.SyncRoot"/>.
/// Public members that touch state take that lock themselves (it is reentrant). <see cref="OnDatagram"/> may be called
/// from several receive workers at once (<see cref="UdpEndpointOptions.ReceiveWorkers"/>): for the signed reserved ids and
/// ids registered with <see cref="AddSignedHandler{TPayload}"/>, the signature is verified between two holds of the lock
/// (admission, then the handler), and what the handler sends is signed and sent after the lock is released, in order.</para>
/// <para>Failures never escape <see cref="OnDatagram"/>: every dropped datagram is counted in <see cref="Drops"/> by
/// <see cref="DropReason"/>, and handler exceptions are logged and counted as <see cref="DropReason.HandlerFailed"/>.</para>
/// </remarks>
public partial class Community : IDiscoveryOverlay, IDatagramListener, IAsyncDisposable
{
    private const int SmallBufferSize = 1024;

    // Only the ids with a handler or a signed kind (about ten of 256): see SparseByteMap.
    private readonly SparseByteMap<HandlerSlot> _handlers = new();
    private readonly PublicKeyParser _keyParser;
    private readonly List<IBootstrapper> _bootstrappers;
    private readonly List<Peer> _peerScratch = [];
    private readonly IntroductionRotation _introductionRotation = new();
    private readonly Dictionary<UdpAddress, int> _prefixCounts = [];
    private readonly ServiceId _serviceId;
    private readonly TrustTables _trust;
    private bool _unloaded;

    /// <summary>Creates the community and registers it with its endpoint and network.</summary>
    /// <exception cref="ArgumentException">The community id is not 20 bytes, or neither a key factory nor a key parser is set.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A bound, rate or duration of <see cref="CommunitySettings.Trust"/> is not positive.</exception>
    public Community(CommunitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(settings.MyPeer);
        ArgumentNullException.ThrowIfNull(settings.Endpoint);
        ArgumentNullException.ThrowIfNull(settings.Network);
        ArgumentNullException.ThrowIfNull(settings.TimeProvider);
        ArgumentNullException.ThrowIfNull(settings.LoggerFactory);
        if (settings.CommunityId.Length != ServiceId.Length)
        {
            throw new ArgumentException($"A community id has 20 bytes, not {settings.CommunityId.Length}.", nameof(settings));
        }

        Settings = settings;
        CommunityId = settings.CommunityId.ToArray();
        Prefix = CommunityPrefix.Create(CommunityId.Span, settings.Version);
        _serviceId = ServiceId.From(CommunityId.Span);
        MyPeer = settings.MyPeer;
        Endpoint = settings.Endpoint;
        Network = settings.Network;
        MaxPeers = settings.MaxPeers;
        TimeProvider = settings.TimeProvider;
        Logger = settings.LoggerFactory.CreateLogger(GetType());
        Random = settings.RandomSeed is { } seed ? new Random(seed) : new Random();
        _keyParser = settings.KeyParser
                     ?? (settings.KeyFactory is { } keys ? keys.TryParsePublicKey : (PublicKeyParser?)null)
                     ?? throw new ArgumentException("CommunitySettings needs a KeyFactory or a KeyParser.", nameof(settings));
        _bootstrappers = [.. settings.Bootstrappers];
        _trust = new TrustTables(settings.Trust ?? new PeerTrustOptions(), settings.RandomSeed);
        Tasks = new OverlayTaskManager(TimeProvider, Network.SyncRoot, Logger);
        RequestCache = new RequestCache(TimeProvider, Network.SyncRoot, new Random(Random.Next()), settings.RequestCache, Logger);
        ReceiveLimiter = settings.ReceiveLimiter ?? new SourceRateLimiter(settings.ReceiveLimits ?? new ReceiveLimitOptions(), TimeProvider);

        Meters = new ComponentMeters(settings.MeterFactory, [
            new("community", GetType().Name),
            new("community_id", Convert.ToHexStringLower(CommunityId.Span)),
            new("peer", MyPeer.PublicKey.MidHex)]);
        PublishCounters();

        InstallDiscoveryHandlers();
        MarkReservedSignedIds();
        lock (Network.SyncRoot)
        {
            Network.RegisterServiceProvider(this);
            Network.BlacklistMid(MyPeer.Mid);
            MyEstimatedWan = MyEstimatedLan;
        }

        Endpoint.AddPrefixListener(Prefix.Bytes, this);
    }

    /// <summary>Gets the settings the community was built from.</summary>
    public CommunitySettings Settings { get; }

    /// <inheritdoc/>
    public ReadOnlyMemory<byte> CommunityId { get; }

    /// <summary>Gets the community id as a <see cref="Peers.ServiceId"/>.</summary>
    public ServiceId ServiceId => _serviceId;

    /// <summary>Gets the 22-byte prefix every datagram of this community starts with.</summary>
    public CommunityPrefix Prefix { get; }

    /// <inheritdoc/>
    public MyPeer MyPeer { get; }

    /// <summary>Gets the endpoint the community sends and receives on.</summary>
    public IEndpoint Endpoint { get; }

    /// <inheritdoc/>
    public Network Network { get; }

    /// <inheritdoc/>
    public int MaxPeers { get; }

    /// <inheritdoc/>
    public TimeProvider TimeProvider { get; }

    /// <inheritdoc/>
    public Random Random { get; }

    /// <inheritdoc/>
    public ILogger Logger { get; }

    /// <summary>Gets the datagrams this community dropped, by reason.</summary>
    public CounterSet<DropReason> Drops { get; } = new();

    /// <summary>Gets the community's timers and background tasks (cancelled on unload).</summary>
    public OverlayTaskManager Tasks { get; }

    /// <summary>Gets the community's outstanding requests (shut down on unload).</summary>
    public RequestCache RequestCache { get; }

    /// <summary>
    /// Gets the admission limiter applied to received datagrams before handlers run (and so before any signature is
    /// verified); possibly shared with other overlays (<see cref="CommunitySettings.ReceiveLimiter"/>).
    /// </summary>
    public SourceRateLimiter ReceiveLimiter { get; }

    /// <summary>Gets the bootstrappers this community drives.</summary>
    public IReadOnlyList<IBootstrapper> Bootstrappers => _bootstrappers;

    /// <summary>Gets a value indicating whether <see cref="UnloadAsync"/> was called.</summary>
    public bool IsUnloaded => Volatile.Read(ref _unloaded);

    /// <inheritdoc/>
    public IReadOnlyList<Peer> GetPeers() => Network.GetPeersForService(_serviceId);

    /// <summary>Gets the number of verified peers of this community without allocating.</summary>
    public int PeerCount => Network.CountPeersForService(_serviceId);

    /// <inheritdoc/>
    public IReadOnlyList<UdpAddress> GetWalkableAddresses() => Network.GetWalkableAddresses(_serviceId);

    /// <summary>
    /// Handles a datagram routed to this community by the endpoint (spec 1.4): refreshes the last response time of
    /// the verified peer at <paramref name="source"/>, checks the prefix and dispatches by message id.
    /// Never throws; drops are counted in <see cref="Drops"/>.
    /// </summary>
    public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        MessageHandler? handler;
        SignedIdKind kind;
        lock (Network.SyncRoot)
        {
            if (_unloaded)
            {
                return;
            }

            var now = TimeProvider.GetUtcNow();
            var known = Network.GetVerifiedByAddress(source);
            if (known is not null)
            {
                known.LastResponse = now;
            }

            if (datagram.Length < CommunityPrefix.HeaderLength)
            {
                Drop(DropReason.TooShort, source);
                return;
            }

            if (!Prefix.Matches(datagram))
            {
                Drop(DropReason.UnknownPrefix, source);
                return;
            }

            // limits: admission before any parsing or signature verification; verified peers skip the unproven budgets. With
            // the trust rules, only proven addresses do (peers at their proven address, trackers): a verified peer's LAN
            // slot holds an address it merely claimed.
            var trusted = TrustEnabled ? _trust.Proven.Contains(source, now.UtcTicks) || IsPrimaryAddress(known, source) : known is not null;
            if (!ReceiveLimiter.TryAdmit(source, datagram.Length, trusted, out var limited))
            {
                Drop(limited, source);
                return;
            }

            var messageId = datagram[CommunityPrefix.Length];
            _handlers.TryGetValue(messageId, out var slot);
            handler = slot.Handler;
            if (handler is null)
            {
                if (MessageIds.IsDeprecated(messageId))
                {
                    Drops.Increment(DropReason.DeprecatedMessageId);
                    if (Logger.IsEnabled(LogLevel.Debug))
                    {
                        Log.Deprecated(Logger, messageId, source);
                    }
                }
                else
                {
                    Drop(DropReason.UnknownMessageId, source);
                }

                return;
            }

            kind = slot.Kind;
            if (kind == SignedIdKind.None)
            {
                RunHandler(handler, source, datagram);
                return;
            }
        }

        // Admitted and signed: verify outside the lock (receive workers do this in parallel), then handle under it.
        DispatchSigned(handler, kind, source, datagram);
    }

    private void RunHandler(MessageHandler handler, UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        try
        {
            handler(source, datagram);
        }
        catch (Exception ex)
        {
            Drops.Increment(DropReason.HandlerFailed);
            Log.HandlerFailed(Logger, ex, datagram[CommunityPrefix.Length], source);
        }
    }

    /// <summary>Registers <paramref name="handler"/> for <paramref name="messageId"/>.</summary>
    /// <exception cref="InvalidOperationException">A handler is already registered for that id.</exception>
    protected void AddMessageHandler(byte messageId, MessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (Network.SyncRoot)
        {
            _handlers.TryGetValue(messageId, out var slot);
            if (slot.Handler is not null)
            {
                throw new InvalidOperationException($"A handler for message id {messageId} is already registered.");
            }

            _handlers.Set(messageId, slot with { Handler = handler });
        }
    }

    /// <summary>Replaces (or sets) the handler of <paramref name="messageId"/>, e.g. to override a reserved id (DiscoveryCommunity overrides 246).</summary>
    protected void ReplaceMessageHandler(byte messageId, MessageHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (Network.SyncRoot)
        {
            _handlers.TryGetValue(messageId, out var slot);
            _handlers.Set(messageId, slot with { Handler = handler });
        }
    }

    /// <summary>
    /// Registers a handler for a signed message with global time (spec 3.2): the framing and payload are parsed
    /// (the payload must fill the body exactly), the signature verified and the sender resolved before
    /// <paramref name="handler"/> runs. Failures are counted by reason.
    /// </summary>
    /// <param name="messageId">The message id (0-230 for application messages).</param>
    /// <param name="handler">Called with the resolved sender, the global time (0 without the field) and the payload.</param>
    /// <param name="hasGlobalTime">False for py-ipv8 "dataclass-style" messages (<c>ezr_pack</c>) that carry no global-time field.</param>
    /// <exception cref="InvalidOperationException">A handler is already registered for that id.</exception>
    protected void AddSignedHandler<TPayload>(byte messageId, SignedPayloadHandler<TPayload> handler, bool hasGlobalTime = true)
        where TPayload : IPayload<TPayload>
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddMessageHandler(messageId, (source, datagram) =>
        {
            if (TryReadSigned<TPayload>(source, datagram, out var sender, out var globalTime, out var payload, hasGlobalTime))
            {
                handler(sender, globalTime, payload);
            }
        });
        MarkSigned(messageId, hasGlobalTime);
    }

    /// <summary>Registers a handler for an unsigned message (spec 3.3); the payload must fill the body exactly.</summary>
    /// <exception cref="InvalidOperationException">A handler is already registered for that id.</exception>
    protected void AddUnsignedHandler<TPayload>(byte messageId, UnsignedPayloadHandler<TPayload> handler)
        where TPayload : IPayload<TPayload>
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddMessageHandler(messageId, (source, datagram) =>
        {
            if (TryReadUnsigned<TPayload>(source, datagram, out var globalTime, out var payload))
            {
                handler(source, globalTime, payload);
            }
        });
    }

    /// <summary>Counts a drop for <paramref name="reason"/> (and logs it at Debug).</summary>
    protected void Drop(DropReason reason, UdpAddress source)
    {
        Drops.Increment(reason);
        if (Logger.IsEnabled(LogLevel.Debug))
        {
            Log.Dropped(Logger, source, reason);
        }
    }
}
