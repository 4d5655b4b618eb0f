using System.Diagnostics.Metrics;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Tracker;

/// <summary>
/// The bootstrap server (py-ipv8 <c>tracker_service.py</c>, spec 9.4): listens to every datagram on its endpoint
/// regardless of prefix, registers the senders of old-format introduction-requests (246) under the service id of the
/// request's prefix, and answers with an old-format introduction-response (245) introducing a random other live peer
/// of that service (plus a puncture-request to that peer). A liveness pass pings registered peers and forgets the
/// ones that stop answering.
/// </summary>
/// <remarks>
/// <para>Not a reflector: an address is <i>unproven</i> until it answered one of the tracker's pings, echoing its
/// random 16-bit identifier. To an unproven address the tracker sends at most one datagram per datagram received, never
/// larger than it (<see cref="TrackerCounter.RefusedByReflectionBudget"/> counts refusals): the answer to its first
/// request is an introduction-request ("proof ping"); the introduction-response to that request follows once the
/// ping is answered. Only proven peers are registered, introduced and sent puncture-requests.</para>
/// <para>Bounds: see <see cref="TrackerOptions"/>; every one that bites is counted in <see cref="Counters"/>.
/// Rate limits are applied before any signature is verified.</para>
/// <para>Threading: datagrams and timers are handled under one lock; public members are thread-safe.</para>
/// </remarks>
public sealed partial class TrackerService : IDatagramListener, IAsyncDisposable
{
    private const int SmallBufferSize = 1024;
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly TrackerOptions _options;
    private readonly IEndpoint _endpoint;
    private readonly PublicKeyParser _keyParser;
    private readonly DeferredSendsPool _deferredPool = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Random _random;
    private readonly Dictionary<byte[], TrackerPeer> _peersByKey = new(ByteArrayComparer.Instance);
    private readonly Dictionary<byte[], TrackerPeer>.AlternateLookup<ReadOnlySpan<byte>> _peerLookup;
    private readonly List<TrackerPeer> _allPeers = [];
    private readonly LruTable<PrefixKey, TrackerCommunity> _communities;
    private readonly TokenBucketTable<UdpAddress> _proven;
    private readonly SourceRateLimiter _unproven;
    private readonly SourceRateLimiter? _loopback;
    private readonly Dictionary<ushort, PendingPing> _pending = [];
    private readonly Queue<PendingPing> _pendingOrder = new();
    private readonly Queue<PendingPing> _proofOrder = new();
    private readonly List<TrackerPeer> _scratch = [];
    private readonly int _pingSize;
    private ITimer? _livenessTimer;
    private ITimer? _sweepTimer;
    private ulong _globalTime;
    private long _sequence;
    private bool _started;
    private bool _stopped;

    /// <summary>Creates a stopped tracker on <paramref name="endpoint"/>; call <see cref="Start"/>.</summary>
    /// <param name="options">Identity, timing and bounds (validated).</param>
    /// <param name="endpoint">The endpoint to serve; opened and closed by the caller.</param>
    /// <param name="keyFactory">Generates the tracker's key and parses (with a bounded cache) the keys of requesters.</param>
    /// <param name="timeProvider">The clock; default <see cref="TimeProvider.System"/>.</param>
    /// <param name="logger">The logger; default discards.</param>
    /// <param name="meterFactory">
    /// Creates the tracker's meter <c>Ipv8.Tracker</c> (see <see cref="Meters"/>); default null: the tracker owns it and
    /// disposes it when stopped.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="TrackerOptions.KeyLevel"/> is not a known level.</exception>
    public TrackerService(TrackerOptions options, IEndpoint endpoint, KeyFactory keyFactory, TimeProvider? timeProvider = null, ILogger? logger = null, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(keyFactory);
        options.ThrowIfInvalid();
        _options = options;
        _endpoint = endpoint;
        _keyParser = keyFactory.TryParsePublicKey;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _random = options.RandomSeed is { } seed ? new Random(seed) : new Random();
        PrivateKey = options.PrivateKey ?? keyFactory.Generate(options.KeyLevel);
        _peerLookup = _peersByKey.GetAlternateLookup<ReadOnlySpan<byte>>();
        _communities = new LruTable<PrefixKey, TrackerCommunity>(options.MaxCommunities);
        _proven = new TokenBucketTable<UdpAddress>(options.MaxProvenAddresses, new TokenRate(options.RequestsPerSecondPerAddress, options.RequestBurstPerAddress, _time.TimestampFrequency), TableFullPolicy.EvictLeastRecentlyUsed);
        _unproven = new SourceRateLimiter(options.ToUnprovenLimits(), _time);
        Counters.UnprovenLimiter = _unproven.Counters;
        _loopback = options.HasLoopbackBudget ? new SourceRateLimiter(options.ToLoopbackLimits(), _time) : null;
        Meters = new ComponentMeters(meterFactory, [new("tracker", PrivateKey.PublicKey.MidHex)]);
        Counters.Publish(Meters);
        _pingSize = MessageFraming.SignedOverhead(PrivateKey.PublicKey) + Messaging.Payloads.IntroductionRequestPayload.FixedLength;
    }

    /// <summary>Gets the tracker's identity (sect163k1 by default).</summary>
    public PrivateKey PrivateKey { get; }

    /// <summary>Gets the endpoint the tracker serves.</summary>
    public IEndpoint Endpoint => _endpoint;

    /// <summary>Gets what the tracker did and refused.</summary>
    public TrackerCounters Counters { get; } = new();

    /// <summary>
    /// Gets the tracker's meter <c>Ipv8.Tracker</c>: every counter of <see cref="TrackerCounters.ToFlatDictionary"/> as an
    /// observable instrument of the same name reading the same value, tagged <c>tracker</c> (the tracker's mid in hex).
    /// </summary>
    public ComponentMeters Meters { get; }

    /// <summary>Gets the number of registered peers.</summary>
    public int PeerCount
    {
        get
        {
            lock (_gate)
            {
                return _allPeers.Count;
            }
        }
    }

    /// <summary>Gets the number of communities with registered peers.</summary>
    public int CommunityCount
    {
        get
        {
            lock (_gate)
            {
                return _communities.Count;
            }
        }
    }

    /// <summary>Gets the number of outstanding pings.</summary>
    public int PendingPingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Gets the number of proven addresses remembered.</summary>
    public int ProvenAddressCount
    {
        get
        {
            lock (_gate)
            {
                return _proven.Count;
            }
        }
    }

    /// <summary>Gets the number of unproven addresses with a rate limiter.</summary>
    public int UnprovenAddressCount => _unproven.AddressCount;

    /// <summary>Gets the number of /24 prefixes of unproven addresses with a rate limiter.</summary>
    public int UnprovenPrefixCount => _unproven.PrefixCount;

    /// <summary>
    /// Returns the registered peers' addresses per community (py-ipv8's <c>GET /services</c>): key = the 20-byte
    /// community id in lowercase hex. A new snapshot.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<UdpAddress>> GetServices()
    {
        lock (_gate)
        {
            var result = new Dictionary<string, IReadOnlyList<UdpAddress>>();
            foreach (var community in _communities.Values)
            {
                var hex = Convert.ToHexStringLower(community.Prefix.AsSpan(2));
                var addresses = community.Peers.ConvertAll(p => p.Address);
                if (result.TryGetValue(hex, out var existing))
                {
                    addresses.AddRange(existing);
                }

                result[hex] = addresses;
            }

            return result;
        }
    }

    /// <summary>
    /// Starts serving: registers as general listener on the endpoint and starts the liveness pass and the ping-timeout
    /// sweep. Starting twice does nothing.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The tracker was stopped.</exception>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_started)
            {
                return;
            }

            _started = true;
            _livenessTimer = _time.CreateTimer(static s => ((TrackerService)s!).OnLivenessTimer(), this, _options.LivenessInterval, _options.LivenessInterval);
            _sweepTimer = _time.CreateTimer(static s => ((TrackerService)s!).OnSweepTimer(), this, SweepInterval, SweepInterval);
        }

        _endpoint.AddListener(this);
        TrackerLog.Started(_logger, _endpoint.LocalAddress, PrivateKey.PublicKey.MidHex);
    }

    /// <summary>Stops serving: unregisters from the endpoint and stops the timers. Idempotent; does not close the endpoint.</summary>
    public ValueTask StopAsync()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return ValueTask.CompletedTask;
            }

            _stopped = true;
            _livenessTimer?.Dispose();
            _sweepTimer?.Dispose();
        }

        Meters.Dispose();

        _endpoint.RemoveListener(this);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => StopAsync();

    /// <summary>
    /// Handles one datagram (any prefix): 246 and 245 are processed, everything else is dropped and counted. Never throws.
    /// </summary>
    /// <remarks>
    /// May be called from several receive workers at once: admission runs under the tracker's lock, the signature of an
    /// admitted introduction-request is verified outside it (in parallel), the request is then handled under the lock, and
    /// the answer is signed (sect163k1 by default, the costly part) and sent after the lock is released.
    /// </remarks>
    public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        bool proven;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }

            try
            {
                if (!Dispatch(source, datagram, out proven))
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Counters.Drops.Increment(DropReason.HandlerFailed);
                TrackerLog.HandlerFailed(_logger, ex, source);
                return;
            }
        }

        // An admitted introduction-request: parse and verify need no tracker state.
        bool? valid = null;
        if (SignedMessage.TryParse(datagram, hasGlobalTime: true, _keyParser, out var message, out _))
        {
            valid = message.Verify();
        }

        var deferred = _deferredPool.Rent();
        try
        {
            lock (_gate)
            {
                if (_stopped)
                {
                    return;
                }

                try
                {
                    OnRequest(source, datagram, proven, valid, deferred);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Counters.Drops.Increment(DropReason.HandlerFailed);
                    TrackerLog.HandlerFailed(_logger, ex, source);
                }
            }

            if (deferred.Count > 0)
            {
                var waiting = deferred.Count;
                var sent = deferred.Flush(_endpoint, out var responses);
                Counters.Events.Add(TrackerCounter.IntroductionResponsesSent, responses);
                Counters.Events.Add(TrackerCounter.PunctureRequestsSent, sent - responses);
                if (sent < waiting)
                {
                    Counters.Events.Add(TrackerCounter.SendFailures, waiting - sent);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Counters.Drops.Increment(DropReason.HandlerFailed);
            TrackerLog.HandlerFailed(_logger, ex, source);
        }
        finally
        {
            _deferredPool.Return(deferred);
        }
    }

    /// <summary>
    /// Checks and admits a datagram under the lock; handles responses at once. Returns true for an admitted
    /// introduction-request, which the caller verifies outside the lock and then hands to <see cref="OnRequest"/>.
    /// </summary>
    private bool Dispatch(UdpAddress source, ReadOnlySpan<byte> datagram, out bool proven)
    {
        proven = false;
        if (datagram.Length < CommunityPrefix.HeaderLength)
        {
            Counters.Drops.Increment(DropReason.TooShort);
            return false;
        }

        if (datagram[0] != 0 || source.IsIPv6)
        {
            Counters.Drops.Increment(DropReason.UnknownPrefix);
            return false;
        }

        var messageId = datagram[CommunityPrefix.Length];
        if (messageId != MessageIds.IntroductionRequest && messageId != MessageIds.IntroductionResponse)
        {
            Counters.Drops.Increment(DropReason.UnknownMessageId);
            return false;
        }

        if (!Admit(source, datagram.Length, out proven))
        {
            return false;
        }

        if (messageId == MessageIds.IntroductionRequest)
        {
            return true;
        }

        // Responses are matched against a pending ping before their signature is checked, so they stay under the lock.
        OnResponse(source, datagram);
        return false;
    }

    /// <summary>Applies the rate limits: per proven address, or per unproven address, per unproven /24 prefix and the global budget.</summary>
    private bool Admit(UdpAddress source, int length, out bool proven)
    {
        var admitted = _proven.TryTakeExisting(source, _time.GetTimestamp(), out proven);
        if (proven)
        {
            if (!admitted)
            {
                Counters.Increment(TrackerCounter.RateLimitedPerAddress);
                Counters.Drops.Increment(DropReason.RateLimitedAddress);
            }

            return admitted;
        }

        // Local processes (all on 127.0.0.1 for a hosted tracker's instances) take from their own bounded budget when one
        // is set, not from the /24 and global budgets that remote newcomers share (see TrackerOptions.LoopbackRequestsPerSecond).
        var limiter = _loopback is not null && IsLoopback(source) ? _loopback : _unproven;
        if (limiter.TryAdmit(source, length, trusted: false, out var reason))
        {
            return true;
        }

        switch (reason)
        {
            case DropReason.RateLimitedAddress:
                Counters.Increment(TrackerCounter.RateLimitedPerAddress);
                break;
            case DropReason.RateLimitedPrefix:
                Counters.Increment(TrackerCounter.RateLimitedPerPrefix);
                break;
            default:
                Counters.Increment(TrackerCounter.RateLimitedGlobal);
                break;
        }

        Counters.Drops.Increment(reason);
        return false;
    }

    /// <summary>Returns true for 127.0.0.0/8 and ::1.</summary>
    private static bool IsLoopback(UdpAddress source)
    {
        if (!source.IsIPv6)
        {
            return source.IPv4Value >> 24 == 127;
        }

        Span<byte> bytes = stackalloc byte[16];
        source.WriteIPv6Bytes(bytes);
        return bytes[..15].IndexOfAnyExcept((byte)0) < 0 && bytes[15] == 1;
    }

    private ulong ClaimGlobalTime() => ++_globalTime;

    private bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        if (_endpoint.Send(destination, datagram))
        {
            return true;
        }

        Counters.Increment(TrackerCounter.SendFailures);
        return false;
    }
}
