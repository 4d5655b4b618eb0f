using System.Security.Cryptography;
using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Tracker;
using Microsoft.Extensions.Logging;

namespace Ipv8.Simulation;

/// <summary>
/// Many peers of the real IPv8 stack on one deterministic <see cref="SimulatedNetwork"/>: the reusable test harness
/// (py-ipv8's <c>TestBase</c>, Orleans' in-process cluster) for this repository's tests and for users' own overlays.
/// Described with <see cref="CreateBuilder"/>; run by advancing its virtual clock (<see cref="Advance"/>,
/// <see cref="RunUntil"/>); disposing it unloads every peer and the tracker.
/// </summary>
/// <remarks>
/// <para>Determinism: one seed drives the network's latency and loss, the default keys and every community and walk
/// seed; the same seed and the same calls give the same run, datagram for datagram.</para>
/// <para>Threading: single-threaded, like <see cref="SimulatedNetwork"/>. Nothing runs unless the clock is advanced,
/// and every timer and delivery runs on the advancing thread. Nothing here sleeps or touches a real socket.</para>
/// </remarks>
public sealed class SimulatedSwarm : IAsyncDisposable
{
    private readonly List<SimulatedPeer> _peers = [];
    private readonly ILoggerFactory _loggerFactory;
    private readonly ReadOnlyMemory<byte> _communityId;
    // Owned: the peers' and the tracker's instruments are shared through it and its meters disposed with the swarm.
    private readonly InstrumentSharingMeterFactory _meterFactory;
    private bool _disposed;

    internal SimulatedSwarm(int seed, SimulatedNetwork network, KeyFactory keys, ILoggerFactory loggerFactory, TimeSpan step, ReadOnlyMemory<byte> communityId, InstrumentSharingMeterFactory meterFactory)
    {
        _meterFactory = meterFactory;
        Seed = seed;
        Network = network;
        Keys = keys;
        _loggerFactory = loggerFactory;
        Step = step;
        _communityId = communityId;
    }

    /// <summary>Gets the community id communities get when neither the builder nor their settings name one: the ASCII bytes of <c>ipv8-simulated-swarm</c>.</summary>
    public static ReadOnlyMemory<byte> DefaultCommunityId { get; } = "ipv8-simulated-swarm"u8.ToArray();

    /// <summary>Gets the seed the swarm was built with.</summary>
    public int Seed { get; }

    /// <summary>Gets the simulated network (counters, NATs, more endpoints for raw clients).</summary>
    public SimulatedNetwork Network { get; }

    /// <summary>Gets the virtual clock that drives the network, the communities, the walk loops and the tracker.</summary>
    public VirtualClock Clock => Network.Clock;

    /// <summary>
    /// Gets the key factory of the swarm's keys and signature checks: the one given to
    /// <see cref="SimulatedSwarmBuilder.WithKeys"/> (or a default one), its backend wrapped so verifications reuse verdicts
    /// the simulation already has (<see cref="SimulatedSwarmBuilder.WithParallelism"/>, <see cref="SimulatedSwarmBuilder.WithSignatureMemo"/>).
    /// </summary>
    public KeyFactory Keys { get; }

    /// <summary>Gets how many workers verify in-flight signatures ahead of delivery (1: none).</summary>
    public int Parallelism => Network.Verdicts?.Parallelism ?? 1;

    /// <summary>Gets the virtual-time step of <see cref="Advance"/> and <see cref="RunUntil"/>.</summary>
    public TimeSpan Step { get; }

    /// <summary>Gets the tracker, or null when the swarm has none (<see cref="SimulatedSwarmBuilder.WithTracker"/>).</summary>
    public TrackerService? Tracker { get; private set; }

    /// <summary>Gets the tracker's simulated host, or null when the swarm has none.</summary>
    public SimulatedEndpoint? TrackerHost { get; private set; }

    /// <summary>Gets the tracker's address, or null when the swarm has none.</summary>
    public UdpAddress? TrackerAddress => TrackerHost?.Address;

    /// <summary>Gets the peers, in the order they joined.</summary>
    public IReadOnlyList<SimulatedPeer> Peers => _peers;

    /// <summary>Returns a new builder of a swarm seeded with <paramref name="seed"/>.</summary>
    public static SimulatedSwarmBuilder CreateBuilder(int seed) => new(seed);

    /// <summary>
    /// Returns the deterministic curve25519 key of <paramref name="seed"/>: the X25519 half is SHA-256 of the seed's four
    /// little-endian bytes, the Ed25519 half SHA-256 of that. For tests only: anyone knowing the seed has the key.
    /// </summary>
    public static PrivateKey CreateKey(KeyFactory keys, int seed)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var x25519 = SHA256.HashData(BitConverter.GetBytes(seed));
        return keys.FromCurve25519Halves(x25519, SHA256.HashData(x25519));
    }

    /// <summary>
    /// Adds a peer to the running swarm (described as for <see cref="SimulatedSwarmBuilder.AddPeer"/>): creates its host,
    /// opens its endpoint, creates its communities and starts its walk loop. Peers may join at any virtual time.
    /// </summary>
    /// <returns>The new peer, also the last of <see cref="Peers"/>.</returns>
    /// <exception cref="ObjectDisposedException">The swarm was disposed.</exception>
    /// <exception cref="InvalidOperationException">An address pool is exhausted or the requested port is taken.</exception>
    public async Task<SimulatedPeer> AddPeerAsync(Action<SimulatedPeerBuilder>? configure = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var spec = new SimulatedPeerBuilder(this, _peers.Count);
        configure?.Invoke(spec);
        var host = Network.CreateEndpoint(spec.HostOptions);
        var endpoint = spec.EndpointWrapper?.Invoke(host) ?? host;
        if (spec.StartOpen)
        {
            await endpoint.OpenAsync().ConfigureAwait(false);
        }

        var key = spec.KeyValue ?? CreateKey(Keys, spec.KeySeedValue);
        var myPeer = new MyPeer(key);
        var network = new Network(spec.NetworkOptions);
        var bootstrappers = spec.BootstrapperFactory?.Invoke(host) ?? DefaultBootstrappers();
        var communities = new List<Community>(spec.Communities.Count);
        for (var i = 0; i < spec.Communities.Count; i++)
        {
            var (create, change, ownId) = spec.Communities[i];
            var settings = new CommunitySettings
            {
                CommunityId = ownId ?? _communityId,
                MyPeer = myPeer,
                Endpoint = endpoint,
                Network = network,
                KeyFactory = Keys,
                TimeProvider = Clock,
                LoggerFactory = _loggerFactory,
                RandomSeed = unchecked((spec.KeySeedValue * 64) + i),
                Bootstrappers = bootstrappers,
                MeterFactory = _meterFactory,
            };
            communities.Add(create(change?.Invoke(settings) ?? settings));
        }

        var loop = spec.Strategies.Count == 0
            ? null
            : new WalkLoop(Clock, spec.WalkLoopSettings ?? new WalkLoopOptions { Seed = unchecked(spec.KeySeedValue * 100_003) }, _loggerFactory.CreateLogger<WalkLoop>());
        var peer = new SimulatedPeer(_peers.Count, host, endpoint, key, spec.KeySeedValue, myPeer, network, bootstrappers, communities, loop);
        _peers.Add(peer);
        if (loop is not null)
        {
            foreach (var addStrategies in spec.Strategies)
            {
                addStrategies(peer, loop);
            }

            loop.Start();
        }

        return peer;
    }

    /// <summary>Advances virtual time by <paramref name="duration"/> in steps of at most <see cref="Step"/>; every timer and delivery due runs, in order.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="duration"/> is negative.</exception>
    public void Advance(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        var end = Clock.Elapsed + duration;
        while (Clock.Elapsed < end)
        {
            Clock.Advance(Min(Step, end - Clock.Elapsed));
        }
    }

    /// <summary>
    /// Advances virtual time in steps of <see cref="Step"/> until <paramref name="condition"/> holds (checked before the
    /// first step and after each) or <paramref name="limit"/> of virtual time has passed. Bounded: never runs past the limit.
    /// </summary>
    /// <returns>True when the condition held; false when the limit was reached first.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is negative.</exception>
    public bool RunUntil(Func<bool> condition, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, TimeSpan.Zero);
        var end = Clock.Elapsed + limit;
        while (!condition())
        {
            if (Clock.Elapsed >= end)
            {
                return false;
            }

            Clock.Advance(Min(Step, end - Clock.Elapsed));
        }

        return true;
    }

    /// <summary>Skips public addresses (the skipped hosts stay closed) until the next public host starts a /24 of its own.</summary>
    public void SkipToNextPrefix()
    {
        while ((Network.CreateEndpoint().Address.IPv4Value & 0xFF) != 0)
        {
        }
    }

    /// <summary>Unloads every peer (last joined first), then the tracker. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        for (var i = _peers.Count - 1; i >= 0; i--)
        {
            await _peers[i].DisposeAsync().ConfigureAwait(false);
        }

        if (Tracker is not null)
        {
            await Tracker.DisposeAsync().ConfigureAwait(false);
        }

        if (TrackerHost is not null)
        {
            await TrackerHost.DisposeAsync().ConfigureAwait(false);
        }

        _meterFactory.Dispose();
    }

    internal async Task StartTrackerAsync(Func<TrackerOptions, TrackerOptions> configure, Func<SimulatedEndpoint, IEndpoint>? wrap)
    {
        var host = Network.CreateEndpoint();
        TrackerHost = host;
        var endpoint = wrap?.Invoke(host) ?? host;
        await endpoint.OpenAsync().ConfigureAwait(false);
        var options = configure(new TrackerOptions { RandomSeed = Seed, PrivateKey = CreateKey(Keys, unchecked(Seed * 1_000_003)) });
        Tracker = new TrackerService(options, endpoint, Keys, Clock, _loggerFactory.CreateLogger<TrackerService>(), _meterFactory);
        Tracker.Start();
    }

    private IReadOnlyList<IBootstrapper> DefaultBootstrappers()
        => TrackerAddress is { } tracker ? [new DispersyBootstrapper(new DispersyBootstrapperOptions { IpAddresses = [tracker] })] : [];

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
