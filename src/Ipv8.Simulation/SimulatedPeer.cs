using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Simulation;

/// <summary>
/// One peer of a <see cref="SimulatedSwarm"/>: a simulated host, its identity, its <see cref="Peers.Network"/>, its
/// communities and (when it walks) its <see cref="Discovery.WalkLoop"/>. Described by a <see cref="SimulatedPeerBuilder"/>.
/// </summary>
/// <remarks>Like the swarm, single-threaded: use it from the thread that advances the swarm's clock.</remarks>
public sealed class SimulatedPeer : IAsyncDisposable
{
    private readonly List<Community> _communities;
    private bool _stopped;

    internal SimulatedPeer(int index, SimulatedEndpoint host, IEndpoint endpoint, PrivateKey key, int keySeed, MyPeer myPeer, Network network, IReadOnlyList<IBootstrapper> bootstrappers, List<Community> communities, WalkLoop? walkLoop)
    {
        Index = index;
        Host = host;
        Endpoint = endpoint;
        Key = key;
        KeySeed = keySeed;
        MyPeer = myPeer;
        Network = network;
        Bootstrappers = bootstrappers;
        _communities = communities;
        WalkLoop = walkLoop;
    }

    /// <summary>Gets the peer's 0-based position in <see cref="SimulatedSwarm.Peers"/>.</summary>
    public int Index { get; }

    /// <summary>Gets the simulated host endpoint (its bound address, its NAT, its counters).</summary>
    public SimulatedEndpoint Host { get; }

    /// <summary>Gets the endpoint the communities use: <see cref="Host"/>, or its wrapper (<see cref="SimulatedPeerBuilder.WrapEndpoint"/>).</summary>
    public IEndpoint Endpoint { get; }

    /// <summary>Gets the address the host is bound to (a private address when behind a NAT).</summary>
    public UdpAddress Address => Host.Address;

    /// <summary>Gets the type of the NAT in front of the host (<see cref="NatType.None"/> for a public host).</summary>
    public NatType Nat => Host.Nat?.Type ?? NatType.None;

    /// <summary>Gets the peer's private key. Never log it.</summary>
    public PrivateKey Key { get; }

    /// <summary>Gets the seed the peer's defaults derive from (its key when no explicit key was given, community and walk seeds).</summary>
    public int KeySeed { get; }

    /// <summary>Gets the identity all of the peer's communities sign with.</summary>
    public MyPeer MyPeer { get; }

    /// <summary>Gets the network state the peer's communities share.</summary>
    public Network Network { get; }

    /// <summary>Gets the bootstrappers the peer's communities share (empty when none).</summary>
    public IReadOnlyList<IBootstrapper> Bootstrappers { get; }

    /// <summary>Gets the peer's communities, in the order they were described.</summary>
    public IReadOnlyList<Community> Communities => _communities;

    /// <summary>Gets the peer's first community.</summary>
    /// <exception cref="InvalidOperationException">The peer has no community.</exception>
    public Community Community => _communities.Count > 0 ? _communities[0] : throw new InvalidOperationException($"Simulated peer {Index} has no community.");

    /// <summary>Gets the peer's walk loop, or null when it was given no strategy.</summary>
    public WalkLoop? WalkLoop { get; }

    /// <summary>Gets a value indicating whether <see cref="StopAsync"/> ran.</summary>
    public bool IsStopped => _stopped;

    /// <summary>Returns the peer's first community of type <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">The peer has no community of that type.</exception>
    public T Get<T>()
        where T : Community
        => _communities.OfType<T>().FirstOrDefault() ?? throw new InvalidOperationException($"Simulated peer {Index} has no {typeof(T).Name}.");

    /// <summary>Returns true when any of the peer's communities holds <paramref name="other"/> as a verified peer.</summary>
    public bool Knows(SimulatedPeer other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var community in _communities)
        {
            foreach (var peer in community.GetPeers())
            {
                if (peer.PublicKey.Equals(other.MyPeer.PublicKey))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Takes the peer off the network as a crash would look from outside: stops its walk loop and closes its endpoint
    /// (datagrams to it are dropped). The communities are not unloaded, so nothing is sent on the way out; use
    /// <see cref="DisposeAsync"/> for a clean unload. Idempotent.
    /// </summary>
    public async ValueTask StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        WalkLoop?.Stop();
        await Endpoint.CloseAsync().ConfigureAwait(false);
    }

    /// <summary>Unloads the peer: stops the walk loop, unloads every community (and its bootstrappers), disposes the endpoint and frees its address.</summary>
    public async ValueTask DisposeAsync()
    {
        _stopped = true;
        WalkLoop?.Dispose();
        foreach (var community in _communities)
        {
            // UnloadAsync, not DisposeAsync: unloading is idempotent, so a test may unload or dispose a community itself first.
            await community.UnloadAsync().ConfigureAwait(false);
        }

        await Endpoint.DisposeAsync().ConfigureAwait(false);
        if (!ReferenceEquals(Endpoint, Host))
        {
            await Host.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => FormattableString.Invariant($"peer {Index} at {Host}");
}
