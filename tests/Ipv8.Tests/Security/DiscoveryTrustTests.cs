using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Simulation;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>The trust rules through DiscoveryCommunity's own handling of the old introduction-request (id 246, spec 7.3).</summary>
public class DiscoveryTrustTests
{
    [Test]
    public async Task OldIntroductionRequest_HardenedDiscoveryPair_ChallengedThenAnsweredInOldFormat()
    {
        var sent = new List<SentDatagram>();
        await using var net = await CreateAsync(51, sent, (1, true), (2, true));
        var (a, b) = (net.Peers[0].Get<DiscoveryCommunity>(), net.Peers[1].Get<DiscoveryCommunity>());
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
        var sent = new List<SentDatagram>();
        await using var net = await CreateAsync(52, sent, (1, true), (3, false));
        var (a, stranger) = (net.Peers[0].Get<DiscoveryCommunity>(), net.Peers[1].Get<DiscoveryCommunity>());

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

    /// <summary>DiscoveryCommunity peers keyed by seed (trust rules on or off each), recording what they send into <paramref name="sent"/>.</summary>
    private static Task<SimulatedSwarm> CreateAsync(int seed, List<SentDatagram> sent, params (int Seed, bool Trust)[] peers)
    {
        var builder = SimulatedSwarm.CreateBuilder(seed).WithKeys(TestOverlay.Keys);
        foreach (var (keySeed, trust) in peers)
        {
            builder.AddPeer(p => p.KeySeed(keySeed)
                .WrapEndpoint(e => new RecordingEndpoint(e, sent))
                .Community(s => new DiscoveryCommunity(s), s => s with { CommunityId = DiscoveryCommunity.DiscoveryCommunityId, RandomSeed = keySeed, Trust = new PeerTrustOptions { Enabled = trust } }));
        }

        return builder.BuildAsync();
    }
}
