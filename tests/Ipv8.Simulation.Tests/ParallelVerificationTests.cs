using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Simulation.Tests;

/// <summary>Verification ahead of delivery on several workers and the signature memo: same outcome, bad signatures still dropped.</summary>
[TestFixture]
public sealed class ParallelVerificationTests
{
    private static readonly NatType[] MixedNats = [NatType.None, NatType.FullCone, NatType.PortRestricted, NatType.Symmetric];

    [Test]
    public async Task BuildAsync_ParallelismOneAndTwo_SameDatagramTraceAndPeerTables()
    {
        var (plain, plainVerdicts) = await RunAsync(seed: 21, parallelism: 1, memo: false);
        var (parallel, parallelVerdicts) = await RunAsync(seed: 21, parallelism: 2, memo: false);

        Assert.Multiple(() =>
        {
            Assert.That(plainVerdicts, Is.Null, "parallelism 1 without memo leaves the backend unwrapped (today's path)");
            Assert.That(parallelVerdicts!.Preverified, Is.Positive, "datagrams were verified in flight");
            Assert.That(parallelVerdicts.DeliveryHits, Is.Positive, "receivers used the verdicts computed in flight");
            Assert.That(plain, Has.Count.GreaterThan(100));
            Assert.That(parallel, Is.EqualTo(plain));
        });
    }

    [Test]
    public async Task BuildAsync_ParallelismFourWithMemo_SameOutcomeAsPlain()
    {
        var (plain, _) = await RunAsync(seed: 22, parallelism: 1, memo: false);
        var (fast, verdicts) = await RunAsync(seed: 22, parallelism: 4, memo: true);

        Assert.Multiple(() =>
        {
            Assert.That(verdicts!.MemoHits, Is.Positive, "the memo answered verifications of the swarm's own signatures");
            Assert.That(fast, Is.EqualTo(plain));
        });
    }

    [Test]
    public async Task BuildAsync_SameSeedWithParallelismTwice_SameOutcome()
    {
        var (first, _) = await RunAsync(seed: 23, parallelism: 2, memo: true);
        var (second, _) = await RunAsync(seed: 23, parallelism: 2, memo: true);
        var (other, _) = await RunAsync(seed: 24, parallelism: 2, memo: true);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(other, Is.Not.EqualTo(first), "the trace depends on the seed, so equality above means something");
        });
    }

    [TestCase(1, false)]
    [TestCase(2, false)]
    [TestCase(2, true)]
    public async Task Deliver_BadAndForgedSignatures_DroppedAndCounted(int parallelism, bool memo)
    {
        const int Each = 16;
        await using var swarm = await SimulatedSwarm.CreateBuilder(seed: 31)
            .WithParallelism(parallelism)
            .WithSignatureMemo(memo)
            .AddPeer(p => p.Community(s => new Community(s), s => s with { ReceiveLimits = ReceiveLimitOptions.Unlimited }))
            .BuildAsync();
        var community = swarm.Peers[0].Community;
        var attacker = swarm.Network.CreateEndpoint();
        await attacker.OpenAsync();
        var key = SimulatedSwarm.CreateKey(swarm.Keys, 4242);
        var badBefore = community.Drops[DropReason.BadSignature];

        for (var i = 0; i < Each; i++)
        {
            var valid = Puncture(community, key, (ushort)i);
            attacker.Send(community.Endpoint.LocalAddress, valid);

            var flipped = (byte[])valid.Clone();
            flipped[^1] ^= 0x01;
            attacker.Send(community.Endpoint.LocalAddress, flipped);

            // A valid signature (remembered by the memo when it is on) over a message that was changed afterwards.
            var forged = (byte[])valid.Clone();
            forged[^(ISignatureBackend.Ed25519SignatureSize + 1)] ^= 0x01;
            attacker.Send(community.Endpoint.LocalAddress, forged);
        }

        swarm.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(swarm.Network.Counters.Delivered, Is.EqualTo(3 * Each));
            Assert.That(community.Drops[DropReason.BadSignature] - badBefore, Is.EqualTo(2 * Each), "every flipped and every forged signature is dropped as bad, and nothing else is");
            if (parallelism > 1)
            {
                Assert.That(swarm.Network.Verdicts!.Preverified, Is.EqualTo(3 * Each), "all were verified in flight");
                Assert.That(swarm.Network.Verdicts.DeliveryHits, Is.EqualTo(3 * Each), "and the receiver used those verdicts");
            }
        });
    }

    [Test]
    public void WithParallelism_BelowOne_Throws()
        => Assert.That(() => SimulatedSwarm.CreateBuilder(1).WithParallelism(0), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public async Task Parallelism_Default_IsProcessorCount()
    {
        await using var swarm = await SimulatedSwarm.CreateBuilder(1).BuildAsync();

        Assert.That(swarm.Parallelism, Is.EqualTo(Environment.ProcessorCount));
    }

    private static byte[] Puncture(Community community, PrivateKey key, ushort identifier)
    {
        var buffer = new byte[EndpointCounters.MaxSendSize];
        var payload = new PuncturePayload(UdpAddress.FromIPv4(0x0A00_0001, 1), UdpAddress.FromIPv4(0xC612_0001, 1), identifier);
        var length = MessageFraming.WriteSigned(buffer, community.Prefix.Bytes, PuncturePayload.MessageId, key, 1, in payload);
        return buffer[..length];
    }

    private static async Task<(List<string> Trace, SignatureVerdicts? Verdicts)> RunAsync(int seed, int parallelism, bool memo)
    {
        var trace = new List<string>();
        await using var swarm = await SimulatedSwarm.CreateBuilder(seed)
            .WithParallelism(parallelism)
            .WithSignatureMemo(memo)
            .WithTracker()
            .WithNetwork(o => o with { LossProbability = 0.02 })
            .AddPeers(16, p => p.Nat(MixedNats[p.Index % MixedNats.Length])
                .WrapEndpoint(e => new TracingEndpoint(e, e.Network.Clock, trace))
                .Community(s => new Community(s))
                .Walk(c => new RandomWalk(c, new RandomWalkOptions()), targetPeers: 20))
            .BuildAsync();
        swarm.Advance(TimeSpan.FromSeconds(15));
        foreach (var peer in swarm.Peers)
        {
            trace.Add(string.Join(",", peer.Community.GetPeers().Select(p => p.PublicKey.MidHex).Order(StringComparer.Ordinal)));
        }

        trace.Add(FormattableString.Invariant($"delivered {swarm.Network.Counters.Delivered}, dropped {swarm.Network.Counters.DroppedTotal}"));
        return (trace, swarm.Network.Verdicts);
    }
}
