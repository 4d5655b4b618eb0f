using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Simulation;
using Ipv8.Tracker;

namespace Ipv8.Benchmarks.Fuzz;

/// <summary>
/// What the fuzz and soak harnesses attack: one peer (a community per prefix found in the py-ipv8 vectors) and a tracker,
/// each on its own endpoint of one simulated network, and the mutator that turns the vectors into hostile datagrams.
/// </summary>
internal sealed record FuzzTargets(
    KeyFactory Keys,
    DatagramMutator Mutator,
    int VectorCount,
    IReadOnlyList<byte[]> Prefixes,
    SimulatedNetwork Simulation,
    SimulatedEndpoint PeerEndpoint,
    SimulatedEndpoint TrackerEndpoint,
    Network Network,
    IReadOnlyList<Community> Overlays,
    TrackerService Tracker)
{
    /// <summary>Builds and starts the targets; the same seed gives the same keys, datagrams and network.</summary>
    public static FuzzTargets Create(int seed, string? vectorsPath, ReceiveLimitOptions receiveLimits)
    {
        var (vectors, prefixes) = FuzzHarness.LoadVectors(vectorsPath ?? FuzzHarness.FindVectors());
        var random = new Random(seed);
        var keys = new KeyFactory(SignatureBackendFactory.Create(SignatureBackendKind.Auto), publicKeyCacheSize: 1024);
        var signers = Enumerable.Range(1, 32)
            .Select(i => keys.FromCurve25519Halves(Enumerable.Repeat((byte)i, 32).ToArray(), Enumerable.Repeat((byte)(i + 64), 32).ToArray()))
            .ToList();
        var mutator = new DatagramMutator(random, vectors, prefixes, signers);

        // The tracker keeps its own default key level (no harness key); the peer's communities share one identity and network.
        var swarm = SimulatedSwarm.CreateBuilder(seed)
            .WithKeys(keys)
            .WithTracker(_ => new TrackerOptions { RandomSeed = seed })
            .AddPeer(peer =>
            {
                peer.Key(keys.GenerateCurve25519());
                for (var i = 0; i < prefixes.Count; i++)
                {
                    var (p, communitySeed) = (prefixes[i], seed + i);
                    peer.Community(s => new Community(s), s => s with { CommunityId = p.AsMemory(2), Version = p[1], RandomSeed = communitySeed, ReceiveLimits = receiveLimits });
                }
            })
            .BuildAsync().GetAwaiter().GetResult();
        var (simulation, peerEndpoint, trackerEndpoint, network, overlays, tracker) =
            (swarm.Network, swarm.Peers[0].Host, swarm.TrackerHost!, swarm.Peers[0].Network, swarm.Peers[0].Communities, swarm.Tracker!);
        return new FuzzTargets(keys, mutator, vectors.Count, prefixes, simulation, peerEndpoint, trackerEndpoint, network, overlays, tracker);
    }
}
