using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Simulation;

/// <summary>
/// Describes one peer of a <see cref="SimulatedSwarm"/>: where its host sits (public or behind a NAT), its key, its
/// communities (all sharing one endpoint, one identity and one <see cref="Peers.Network"/>, as in one py-ipv8 instance)
/// and the strategies of its walk loop. Passed to <see cref="SimulatedSwarmBuilder.AddPeer"/>,
/// <see cref="SimulatedSwarmBuilder.AddPeers"/> and <see cref="SimulatedSwarm.AddPeerAsync"/>.
/// </summary>
/// <remarks>
/// Defaults, all derived from the swarm seed and <see cref="Index"/> so runs repeat: a public host on the network's
/// default port; the key <see cref="SimulatedSwarm.CreateKey"/>(keys, seed × 1 000 003 + index + 1); community settings
/// with the swarm's community id, max_peers 30, the trust rules on, the swarm's clock, key factory and logger, a random
/// seed of key seed × 64 + community number, and the tracker as bootstrapper when the swarm has one; no walk loop unless
/// <see cref="Walk(Func{Community, IDiscoveryStrategy}, int)"/> is used, then one with seed key seed × 100 003.
/// </remarks>
public sealed class SimulatedPeerBuilder
{
    internal SimulatedPeerBuilder(SimulatedSwarm swarm, int index)
    {
        Swarm = swarm;
        Index = index;
        KeySeedValue = unchecked((swarm.Seed * 1_000_003) + index + 1);
    }

    /// <summary>Gets the swarm the peer joins (its tracker, clock and earlier peers are there to use).</summary>
    public SimulatedSwarm Swarm { get; }

    /// <summary>Gets the peer's 0-based position in <see cref="SimulatedSwarm.Peers"/>.</summary>
    public int Index { get; }

    internal SimulatedHostOptions HostOptions { get; private set; } = new();

    internal int KeySeedValue { get; private set; }

    internal PrivateKey? KeyValue { get; private set; }

    internal Func<SimulatedEndpoint, IEndpoint>? EndpointWrapper { get; private set; }

    internal bool StartOpen { get; private set; } = true;

    internal NetworkOptions? NetworkOptions { get; private set; }

    internal Func<SimulatedEndpoint, IReadOnlyList<IBootstrapper>>? BootstrapperFactory { get; private set; }

    internal List<(Func<CommunitySettings, Community> Create, Func<CommunitySettings, CommunitySettings>? Configure, byte[]? OwnId)> Communities { get; } = [];

    internal List<Action<SimulatedPeer, WalkLoop>> Strategies { get; } = [];

    internal WalkLoopOptions? WalkLoopSettings { get; private set; }

    /// <summary>Puts the peer's host behind a NAT of its own of type <paramref name="type"/> (<see cref="NatType.None"/>: a public host).</summary>
    /// <returns>This builder.</returns>
    public SimulatedPeerBuilder Nat(NatType type)
    {
        HostOptions = new SimulatedHostOptions { NatType = type };
        return this;
    }

    /// <summary>Places the host exactly (behind an existing NAT, as a second socket of another host, on a given port).</summary>
    /// <returns>This builder.</returns>
    public SimulatedPeerBuilder Host(SimulatedHostOptions host)
    {
        HostOptions = host ?? throw new ArgumentNullException(nameof(host));
        return this;
    }

    /// <summary>Gives the peer the deterministic key <see cref="SimulatedSwarm.CreateKey"/>(keys, <paramref name="seed"/>); the seed also derives the community and walk seeds.</summary>
    /// <returns>This builder.</returns>
    public SimulatedPeerBuilder KeySeed(int seed)
    {
        KeySeedValue = seed;
        KeyValue = null;
        return this;
    }

    /// <summary>Gives the peer this key (e.g. one from <see cref="KeyFactory.GenerateCurve25519"/>).</summary>
    /// <returns>This builder.</returns>
    public SimulatedPeerBuilder Key(PrivateKey key)
    {
        KeyValue = key ?? throw new ArgumentNullException(nameof(key));
        return this;
    }

    /// <summary>Wraps the peer's endpoint before its communities see it (to record, inject or filter datagrams).</summary>
    /// <returns>This builder.</returns>
    public SimulatedPeerBuilder WrapEndpoint(Func<SimulatedEndpoint, IEndpoint> wrap)
    {
        EndpointWrapper = wrap ?? throw new ArgumentNullException(nameof(wrap));
        return this;
    }

    /// <summary>Leaves the peer's endpoint closed after the build (datagrams to it are dropped until it is opened).</summary>
    /// <returns>This builder.</returns>
    public SimulatedPeerBuilder Closed()
    {
        StartOpen = false;
        return this;
    }

    /// <summary>Bounds the peer's <see cref="Peers.Network"/> with <paramref name="options"/> instead of the defaults.</summary>
    /// <returns>This builder.</returns>
    public SimulatedPeerBuilder NetworkBounds(NetworkOptions options)
    {
        NetworkOptions = options ?? throw new ArgumentNullException(nameof(options));
        return this;
    }

    /// <summary>
    /// Sets the bootstrappers the peer's communities share, replacing the default (the swarm's tracker, or none). Called
    /// once, with the peer's host, after the host is created and before its communities; return an empty list for no
    /// bootstrapping. Reach the swarm (its tracker, earlier peers) through <see cref="Swarm"/>.
    /// </summary>
    /// <returns>This builder.</returns>
    public SimulatedPeerBuilder Bootstrappers(Func<SimulatedEndpoint, IReadOnlyList<IBootstrapper>> create)
    {
        BootstrapperFactory = create ?? throw new ArgumentNullException(nameof(create));
        return this;
    }

    /// <summary>
    /// Adds a community, created from the peer's default settings changed by <paramref name="configure"/>. The default
    /// community id is the one <typeparamref name="TCommunity"/> declares with <see cref="CommunityIdAttribute"/> (e.g.
    /// DiscoveryCommunity's), else the swarm's.
    /// </summary>
    /// <typeparam name="TCommunity">The community's class.</typeparam>
    /// <param name="create">Creates the community from its settings (e.g. <c>s =&gt; new MyCommunity(s)</c>).</param>
    /// <param name="configure">Changes the settings (community id, max_peers, trust, receive limits, seed); null keeps the defaults.</param>
    /// <returns>This builder.</returns>
    public SimulatedPeerBuilder Community<TCommunity>(Func<CommunitySettings, TCommunity> create, Func<CommunitySettings, CommunitySettings>? configure = null)
        where TCommunity : Community
    {
        ArgumentNullException.ThrowIfNull(create);
        // A class that declares its own id ([CommunityId], e.g. DiscoveryCommunity) gets it instead of the swarm's.
        var ownId = typeof(TCommunity).GetCustomAttributes(typeof(CommunityIdAttribute), inherit: false) is [CommunityIdAttribute declared, ..]
            ? Convert.FromHexString(declared.Hex)
            : null;
        Communities.Add((create, configure, ownId));
        return this;
    }

    /// <summary>Adds a strategy for the peer's first community to its walk loop (created on first use, started when the peer is ready).</summary>
    /// <param name="strategy">Creates the strategy for the community.</param>
    /// <param name="targetPeers">Stop stepping at this many peers; -1 never stops (py-ipv8's <c>target_peers</c>).</param>
    /// <returns>This builder.</returns>
    public SimulatedPeerBuilder Walk(Func<Community, IDiscoveryStrategy> strategy, int targetPeers = -1)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        Strategies.Add((peer, loop) => loop.Add(peer.Community, strategy(peer.Community), targetPeers));
        return this;
    }

    /// <summary>Adds strategies to the peer's walk loop by hand (any community or overlay of the peer, any target).</summary>
    /// <returns>This builder.</returns>
    public SimulatedPeerBuilder Walk(Action<SimulatedPeer, WalkLoop> addStrategies)
    {
        Strategies.Add(addStrategies ?? throw new ArgumentNullException(nameof(addStrategies)));
        return this;
    }

    /// <summary>Sets the walk loop's settings (interval, spreading, seed); only used when the peer walks.</summary>
    /// <returns>This builder.</returns>
    public SimulatedPeerBuilder WalkOptions(WalkLoopOptions options)
    {
        WalkLoopSettings = options ?? throw new ArgumentNullException(nameof(options));
        return this;
    }
}
