using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Peers;
using Ipv8.Simulation;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>The trust rules through DiscoveryCommunity's own handling of the old introduction-request (id 246, spec 7.3).</summary>
public class DiscoveryTrustTests
{
    [Test]
    public async Task OldIntroductionRequest_HardenedDiscoveryPair_ChallengedThenAnsweredInOldFormat()
    {
        var net = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 51 });
        var sent = new List<SentDatagram>();
        var a = await CreateAsync(net, sent, 1);
        var b = await CreateAsync(net, sent, 2);
        a.WalkTo(b.Endpoint.LocalAddress);
        net.Clock.Advance(TimeSpan.FromSeconds(1));

        var fromB = sent.Where(d => d.Source == b.Endpoint.LocalAddress && d.Destination == a.Endpoint.LocalAddress).Select(d => d.MessageId).ToArray();
        var aAtB = b.Network.GetVerifiedByPublicKeyBin(a.MyPeer.PublicKey.KeyBin);
        Assert.Multiple(() =>
        {
            Assert.That(fromB.Take(2), Is.EqualTo(new byte[] { 246, 245 }), "B challenges, then answers A's walk in the old format");
            Assert.That(aAtB, Is.Not.Null);
            Assert.That(aAtB!.LanAddress, Is.Null, "the override does not record the LAN address");
            Assert.That(b.Trust[TrustCounter.ChallengesSent], Is.EqualTo(1));
            Assert.That(b.Trust[TrustCounter.DeferredResponses], Is.EqualTo(1));
            Assert.That(a.Network.GetVerifiedByPublicKeyBin(b.MyPeer.PublicKey.KeyBin), Is.Not.Null);
        });
    }

    [Test]
    public async Task SimilarityResponse_FromUnprovenAddress_DoesNotAddPeer()
    {
        var net = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 52 });
        var sent = new List<SentDatagram>();
        var a = await CreateAsync(net, sent, 1);
        var stranger = await CreateAsync(net, sent, 3, trust: false);

        // Under py-ipv8 rules any signed similarity response adds its sender as a verified peer.
        a.SendSimilarityRequest(stranger.Endpoint.LocalAddress);
        net.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Multiple(() =>
        {
            Assert.That(sent.Count(d => d.Source == stranger.Endpoint.LocalAddress && d.MessageId == 2), Is.EqualTo(1), "the stranger answered");
            Assert.That(a.Network.GetVerifiedByPublicKeyBin(stranger.MyPeer.PublicKey.KeyBin), Is.Null, "a key that never proved its address is not added");
            Assert.That(a.Drops[Ipv8.Messaging.DropReason.UntrustedSource], Is.EqualTo(1));
        });
    }

    private static async Task<DiscoveryCommunity> CreateAsync(SimulatedNetwork net, List<SentDatagram> sent, int seed, bool trust = true)
    {
        var endpoint = new RecordingEndpoint(net.CreateEndpoint(), sent);
        await endpoint.OpenAsync();
        return new DiscoveryCommunity(new CommunitySettings
        {
            CommunityId = DiscoveryCommunity.DiscoveryCommunityId,
            MyPeer = new MyPeer(TestOverlay.CreateKey(seed)),
            Endpoint = endpoint,
            Network = new Network(),
            KeyFactory = TestOverlay.Keys,
            TimeProvider = net.Clock,
            RandomSeed = seed,
            Trust = new PeerTrustOptions { Enabled = trust },
        });
    }
}
