using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Tracker;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Simulation;

/// <summary>
/// Describes a <see cref="SimulatedSwarm"/>: one <see cref="SimulatedNetwork"/> on a <see cref="VirtualClock"/>, an
/// optional real <see cref="TrackerService"/>, and peers with keys, NAT types, communities and walk strategies.
/// Created by <see cref="SimulatedSwarm.CreateBuilder"/>; <see cref="BuildAsync"/> creates everything in the order it
/// was described (the tracker first), so the same seed and the same calls give the same addresses, keys and run.
/// </summary>
/// <example>
/// <code>
/// await using var swarm = await SimulatedSwarm.CreateBuilder(seed: 7)
///     .WithTracker()
///     .AddPeers(50, p => p.Nat(p.Index % 2 == 0 ? NatType.PortRestricted : NatType.None)
///         .Community(settings => new Community(settings))
///         .Walk(c => new RandomWalk(c, new RandomWalkOptions()), targetPeers: 20))
///     .BuildAsync();
/// var met = swarm.RunUntil(() => swarm.Peers.All(p => p.Community.PeerCount >= 5), TimeSpan.FromMinutes(2));
/// </code>
/// </example>
/// <remarks>A builder is not thread-safe and may be built once.</remarks>
public sealed class SimulatedSwarmBuilder
{
    private readonly List<Func<SimulatedSwarm, Task>> _steps = [];
    private SimulatedNetworkOptions _networkOptions;
    private KeyFactory? _keys;
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;
    private TimeSpan _step = TimeSpan.FromMilliseconds(100);
    private ReadOnlyMemory<byte> _communityId = SimulatedSwarm.DefaultCommunityId;
    private Func<TrackerOptions, TrackerOptions>? _tracker;
    private Func<SimulatedEndpoint, IEndpoint>? _trackerEndpoint;
    private int _peerCount;
    private int _parallelism = Environment.ProcessorCount;
    private bool _signatureMemo = true;
    private bool _metrics = true;
    private bool _built;

    internal SimulatedSwarmBuilder(int seed)
    {
        Seed = seed;
        _networkOptions = new SimulatedNetworkOptions { Seed = seed };
    }

    /// <summary>Gets the seed every default of the swarm derives from (network randomness, keys, community and walk seeds).</summary>
    public int Seed { get; }

    /// <summary>Changes the network's settings (latency, loss, NAT timeout, broadcast address, address pools).</summary>
    /// <param name="configure">Receives the current settings (seeded with <see cref="Seed"/>) and returns the new ones.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The settings returned are invalid (checked by <see cref="SimulatedNetworkOptions.Validate"/>).</exception>
    public SimulatedSwarmBuilder WithNetwork(Func<SimulatedNetworkOptions, SimulatedNetworkOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = configure(_networkOptions);
        ArgumentNullException.ThrowIfNull(options, nameof(configure));
        options.Validate();
        _networkOptions = options;
        return this;
    }

    /// <summary>Sets the key factory that creates the peers' keys and parses received key bins. Default: a new <see cref="KeyFactory"/> (automatic backend).</summary>
    /// <returns>This builder.</returns>
    public SimulatedSwarmBuilder WithKeys(KeyFactory keys)
    {
        _keys = keys ?? throw new ArgumentNullException(nameof(keys));
        return this;
    }

    /// <summary>Sets the logger factory given to every community and the tracker. Default: discards.</summary>
    /// <returns>This builder.</returns>
    public SimulatedSwarmBuilder WithLoggerFactory(ILoggerFactory loggerFactory)
    {
        _loggerFactory = loggerFactory ?? throw new ArgumentNullException(nameof(loggerFactory));
        return this;
    }

    /// <summary>
    /// Sets the virtual-time step of <see cref="SimulatedSwarm.Advance"/> and <see cref="SimulatedSwarm.RunUntil"/>
    /// (how often a condition is checked and test code between steps runs). Default 100 ms.
    /// </summary>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="step"/> is not positive.</exception>
    public SimulatedSwarmBuilder WithStep(TimeSpan step)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(step, TimeSpan.Zero);
        _step = step;
        return this;
    }

    /// <summary>Sets the community id communities get unless their settings say otherwise. Default <see cref="SimulatedSwarm.DefaultCommunityId"/>.</summary>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="communityId"/> is not 20 bytes.</exception>
    public SimulatedSwarmBuilder WithCommunityId(ReadOnlyMemory<byte> communityId)
    {
        if (communityId.Length != 20)
        {
            throw new ArgumentException("A community id is 20 bytes.", nameof(communityId));
        }

        _communityId = communityId.ToArray();
        return this;
    }

    /// <summary>
    /// Sets how many workers verify the signatures of in-flight datagrams ahead of their delivery. Deliveries still run one
    /// at a time in the same order (each receiver gets the verdict its own check would give, from the same bytes), so the
    /// outcome of a run does not depend on this setting. 1 verifies on delivery only. Default: the processor count.
    /// </summary>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parallelism"/> is below 1.</exception>
    public SimulatedSwarmBuilder WithParallelism(int parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        _parallelism = parallelism;
        return this;
    }

    /// <summary>
    /// Sets whether signatures made by the swarm's keys are remembered (bounded: about twice the datagrams in flight, at
    /// most about two million), so verifying exactly such a signature over exactly the same message (compared by SHA-256)
    /// under the same key answers "valid" without the curve arithmetic. Anything else is verified for real, so the outcome
    /// of a run does not depend on this setting. Default on.
    /// </summary>
    /// <returns>This builder.</returns>
    public SimulatedSwarmBuilder WithSignatureMemo(bool enabled)
    {
        _signatureMemo = enabled;
        return this;
    }

    /// <summary>
    /// Sets whether the peers' communities and the tracker publish their metrics instruments
    /// (<see cref="System.Diagnostics.Metrics"/>). Off, each community's instruments are never published nor kept (about
    /// 19 KB less per simulated peer); the counters behind them (<see cref="Community.Drops"/> and the like) still count.
    /// A peer's own settings (<see cref="CommunitySettings.MeterFactory"/>) take precedence. Default on.
    /// </summary>
    /// <returns>This builder.</returns>
    public SimulatedSwarmBuilder WithMetrics(bool enabled)
    {
        _metrics = enabled;
        return this;
    }

    /// <summary>
    /// Adds a real <see cref="TrackerService"/> on the first public address. Every peer's communities then bootstrap
    /// through it (a <see cref="Bootstrapping.DispersyBootstrapper"/> with its address) unless the peer sets its own
    /// bootstrappers. Default tracker settings: <see cref="TrackerOptions.RandomSeed"/> = <see cref="Seed"/> and a key
    /// derived from the seed (<see cref="SimulatedSwarm.CreateKey"/>).
    /// </summary>
    /// <param name="configure">Changes the tracker's settings; null keeps the defaults.</param>
    /// <param name="wrapEndpoint">Wraps the tracker's endpoint (e.g. to record or inject datagrams); null uses it as is.</param>
    /// <returns>This builder.</returns>
    public SimulatedSwarmBuilder WithTracker(Func<TrackerOptions, TrackerOptions>? configure = null, Func<SimulatedEndpoint, IEndpoint>? wrapEndpoint = null)
    {
        _tracker = configure ?? (o => o);
        _trackerEndpoint = wrapEndpoint;
        return this;
    }

    /// <summary>Adds one peer (see <see cref="SimulatedPeerBuilder"/> for its defaults).</summary>
    /// <param name="configure">Describes the peer; null makes a public host with a key and no community.</param>
    /// <returns>This builder.</returns>
    public SimulatedSwarmBuilder AddPeer(Action<SimulatedPeerBuilder>? configure = null) => AddPeers(1, configure);

    /// <summary>Adds <paramref name="count"/> peers; <paramref name="configure"/> runs once per peer (use <see cref="SimulatedPeerBuilder.Index"/> to vary them).</summary>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    public SimulatedSwarmBuilder AddPeers(int count, Action<SimulatedPeerBuilder>? configure = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        for (var i = 0; i < count; i++)
        {
            _steps.Add(swarm => swarm.AddPeerAsync(configure));
            _peerCount++;
        }

        return this;
    }

    /// <summary>
    /// Skips public addresses (the skipped hosts stay closed) until the next public host starts a /24 of its own, so the
    /// peers added after this share a prefix no earlier host has (for per-prefix limits).
    /// </summary>
    /// <returns>This builder.</returns>
    public SimulatedSwarmBuilder SkipToNextPrefix()
    {
        _steps.Add(swarm =>
        {
            swarm.SkipToNextPrefix();
            return Task.CompletedTask;
        });
        return this;
    }

    /// <summary>Creates the network, the tracker and the peers, opens their endpoints and starts trackers and walk loops.</summary>
    /// <returns>The running swarm; dispose it to unload everything.</returns>
    /// <exception cref="InvalidOperationException">The builder was already built, or an address pool is exhausted.</exception>
    public async Task<SimulatedSwarm> BuildAsync()
    {
        if (_built)
        {
            throw new InvalidOperationException("A swarm builder builds one swarm.");
        }

        _built = true;
        var network = new SimulatedNetwork(_networkOptions);
        var swarm = new SimulatedSwarm(Seed, network, Keys(network), _loggerFactory, _step, _communityId, new InstrumentSharingMeterFactory(_metrics ? null : new DisabledMeterFactory()));
        try
        {
            if (_tracker is not null)
            {
                await swarm.StartTrackerAsync(_tracker, _trackerEndpoint).ConfigureAwait(false);
            }

            foreach (var step in _steps)
            {
                await step(swarm).ConfigureAwait(false);
            }
        }
        catch
        {
            await swarm.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return swarm;
    }

    /// <summary>The swarm's key factory: the given one's backend wrapped so keys reuse known verdicts (unless both options are off).</summary>
    private KeyFactory Keys(SimulatedNetwork network)
    {
        var given = _keys ?? new KeyFactory();
        if (_parallelism == 1 && !_signatureMemo)
        {
            return given;
        }

        var verdicts = new SignatureVerdicts(_parallelism, _signatureMemo);
        var backend = given.Backend is SimulatedSignatureBackend simulated ? simulated.Inner : given.Backend;
        var keys = new KeyFactory(new SimulatedSignatureBackend(backend, verdicts), given.PublicKeyCacheSize);
        verdicts.Keys = keys;
        network.Verdicts = verdicts;
        return keys;
    }

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"swarm seed {Seed}, {_peerCount} peers{(_tracker is null ? string.Empty : ", tracker")}");
}
