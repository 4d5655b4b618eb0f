using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Simulation;
using Ipv8.Tests.Messaging;

namespace Ipv8.Tests.Fuzzing;

/// <summary>
/// Seeded hostile input through the full receive path: a <see cref="SimulatedEndpoint"/>'s router, two communities
/// on it (the vectors' interop community and the discovery community prefix) sharing one bounded <see cref="Network"/>,
/// and their handlers.
/// </summary>
/// <remarks>
/// Invariant checked per datagram: exactly one of these counters moves by exactly one —
/// the endpoint's receive-side drops (too short, unknown prefix), either community's
/// <see cref="Community.Drops"/>, either community's accepted introduction requests/responses (the
/// <c>OnIntroductionRequest/Response</c> hooks), or — for a datagram with a community prefix and a puncture (249/231)
/// or puncture-request (250/232) id, the only handlers without a hook — a silent acceptance. Summed over the run:
/// injected = endpoint drops + community drops + hooks + accepted punctures. No exception may reach the router
/// (<see cref="DropReason.ListenerFailed"/>) or a community's handler guard (<see cref="DropReason.HandlerFailed"/>).
/// </remarks>
public class ReceivePathFuzzTests
{
    private const int Seed = 20_261_121;
    private const int Iterations = 100_000;
    private const long MemoryGrowthBound = 32L * 1024 * 1024;
    private static readonly NetworkOptions Bounds = new() { MaxKnownAddresses = 64, MaxVerifiedPeers = 16, MaxServiceEntries = 32, MaxServicesPerPeer = 8 };

    [Test]
    public async Task OnDatagram_MutatedVectors_NeverThrowAndEveryDatagramIsAccountedFor()
    {
        var random = new Random(Seed);
        var keys = new KeyFactory(SignatureBackendFactory.Create(SignatureBackendKind.Auto), publicKeyCacheSize: 256);
        var vectors = InteropVectors.AllPackets.Select(InteropVectors.PacketBytes).ToList();
        var prefixes = vectors.Select(v => v[..CommunityPrefix.Length]).DistinctBy(Convert.ToHexString).ToList();
        Assert.That(prefixes, Has.Count.EqualTo(2), "the vectors use the interop and the discovery community");
        await using var swarm = await SimulatedSwarm.CreateBuilder(Seed).WithKeys(keys).AddPeer(peer =>
        {
            peer.Key(keys.FromCurve25519Halves(new byte[32], Enumerable.Repeat((byte)7, 32).ToArray())).NetworkBounds(Bounds);
            for (var i = 0; i < prefixes.Count; i++)
            {
                var (p, communitySeed) = (prefixes[i], Seed + i);

                // This test accounts for every datagram by py-ipv8's outcomes (dropped, hook, puncture); the trust rules add
                // challenges and pending requests, and are fuzzed separately (Security/TrustFuzzTests).
                peer.Community(s => new FuzzOverlay(s), s => s with { CommunityId = p.AsMemory(2), Version = p[1], RandomSeed = communitySeed, Trust = new PeerTrustOptions { Enabled = false } });
            }
        }).BuildAsync();
        var (simulation, endpoint, network) = (swarm.Network, swarm.Peers[0].Host, swarm.Peers[0].Network);
        var overlays = swarm.Peers[0].Communities.Cast<FuzzOverlay>().ToList();

        // The vectors' curve25519 keys plus derived ones (more signers than the network may hold verified peers).
        var signers = InteropVectors.Root.GetProperty("keys").EnumerateArray()
            .Select(k => InteropVectors.Hex(k.GetProperty("private_key_bin_hex")))
            .Where(bin => bin.AsSpan().StartsWith("LibNaCLSK:"u8))
            .Select(bin => keys.ParsePrivateKey(bin))
            .Concat(Enumerable.Range(1, 24).Select(i => keys.FromCurve25519Halves(Enumerable.Repeat((byte)i, 32).ToArray(), Enumerable.Repeat((byte)(i + 100), 32).ToArray())))
            .ToList();
        var mutator = new PacketMutator(random, vectors, prefixes, signers);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        var tally = new Tally();
        for (var n = 0; n < Iterations; n++)
        {
            var datagram = mutator.Next(out var kind);
            var source = mutator.RandomAddress();
            var before = Snapshot(endpoint, overlays);
            Assert.DoesNotThrow(() => endpoint.Router.Deliver(source, datagram));
            tally.Record(kind, datagram, prefixes, before, Snapshot(endpoint, overlays));
            if (n % 1000 == 999)
            {
                simulation.Clock.Advance(TimeSpan.FromSeconds(1)); // flush our answers through the simulated wire
            }
        }

        simulation.Clock.Advance(TimeSpan.FromSeconds(1));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var growth = GC.GetTotalMemory(forceFullCollection: true) - memoryBefore;
        var final = Snapshot(endpoint, overlays);
        TestContext.Out.WriteLine($"endpoint drops {final.EndpointDrops}, community drops {final.CommunityDrops} " +
            $"({string.Join(", ", overlays.SelectMany(o => o.Drops.NonZero()).GroupBy(p => p.Key).Select(g => $"{g.Key} {g.Sum(p => p.Value)}"))}), " +
            $"hooks {final.Hooks}, punctures {tally.SilentlyAccepted}, verified peers {network.VerifiedPeerCount}, refused {network.RefusedPeers}, " +
            $"known addresses {network.KnownAddressCount}, memory growth {growth / 1024} KiB, sent {endpoint.Counters.PacketsOut}");
        Assert.Multiple(() =>
        {
            Assert.That(tally.Unaccounted, Is.Empty, "datagrams neither dropped nor handled, or counted twice");
            Assert.That(final.EndpointDrops + final.CommunityDrops + final.Hooks + tally.SilentlyAccepted, Is.EqualTo(Iterations));
            Assert.That(endpoint.Counters.Drops[DropReason.ListenerFailed], Is.Zero, "an exception escaped a community");
            Assert.That(overlays.Sum(o => o.Drops[DropReason.HandlerFailed]), Is.Zero, "a handler threw on hostile input");
            Assert.That(endpoint.Counters.PacketsIn, Is.Zero, "nothing we sent came back into the measured path");
            Assert.That(network.VerifiedPeerCount, Is.LessThanOrEqualTo(Bounds.MaxVerifiedPeers));
            Assert.That(network.RefusedPeers, Is.Positive, "the verified-peer bound was exercised");
            Assert.That(network.KnownAddressCount, Is.LessThanOrEqualTo(Bounds.MaxKnownAddresses));
            Assert.That(network.EvictedAddresses, Is.Positive, "the known-address bound was exercised");
            Assert.That(keys.CachedPublicKeyCount, Is.LessThanOrEqualTo(256));
            Assert.That(simulation.InFlight, Is.Zero);
            Assert.That(growth, Is.LessThan(MemoryGrowthBound));
            Assert.That(final.Hooks, Is.Positive, "some datagrams reached the handlers");
            foreach (var reason in new[] { DropReason.BadSignature, DropReason.Malformed, DropReason.InvalidKey, DropReason.TooShort, DropReason.OversizedField, DropReason.UnknownMessageId })
            {
                Assert.That(overlays.Sum(o => o.Drops[reason]), Is.Positive, $"no {reason} drop: the fuzzer does not reach that check");
            }
        });
    }

    private static Counts Snapshot(SimulatedEndpoint endpoint, List<FuzzOverlay> overlays)
    {
        var drops = endpoint.Counters.Drops;
        return new Counts(
            drops[DropReason.TooShort] + drops[DropReason.UnknownPrefix],
            overlays.Sum(o => o.Drops.Total),
            overlays.Sum(o => o.Handled));
    }

    private readonly record struct Counts(long EndpointDrops, long CommunityDrops, long Hooks)
    {
        public long Sum => EndpointDrops + CommunityDrops + Hooks;
    }

    private sealed class Tally
    {
        public long SilentlyAccepted { get; private set; }

        public List<string> Unaccounted { get; } = [];

        public void Record(MutationKind kind, byte[] datagram, List<byte[]> prefixes, Counts before, Counts after)
        {
            var moved = after.Sum - before.Sum;
            if (moved == 1)
            {
                return;
            }

            var isPuncture = datagram.Length > CommunityPrefix.Length
                && datagram[CommunityPrefix.Length] is 249 or 231 or 250 or 232
                && prefixes.Any(p => datagram.AsSpan().StartsWith(p));
            if (moved == 0 && isPuncture)
            {
                SilentlyAccepted++;
            }
            else if (Unaccounted.Count < 20)
            {
                Unaccounted.Add($"{kind}: counters moved by {moved} for {Convert.ToHexString(datagram)}");
            }
        }
    }
}
