using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Simulation;

namespace Ipv8.Tests.Communities;

public class CommunityWalkTests
{
    internal static bool Knows(Community community, Community other)
        => community.GetPeers().Any(p => p.PublicKey.Equals(other.MyPeer.PublicKey));

    [Test]
    public async Task WalkTo_TwoPeers_BothVerifyEachOther()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);

        a.WalkTo(b.Endpoint.LocalAddress);
        bed.Advance();

        Assert.Multiple(() =>
        {
            Assert.That(Knows(a, b), Is.True, "A verified B from its response");
            Assert.That(Knows(b, a), Is.True, "B verified A from its request");
            Assert.That(a.Network.GetVerifiedByAddress(b.Endpoint.LocalAddress)?.PublicKey, Is.EqualTo(b.MyPeer.PublicKey));
            Assert.That(b.RequestsSeen, Has.Count.EqualTo(1));
            Assert.That(a.ResponsesSeen, Has.Count.EqualTo(1));
            Assert.That(a.MyEstimatedWan, Is.EqualTo(a.Endpoint.LocalAddress), "A learns its WAN address from B's response");
            Assert.That(a.Drops.Total + b.Drops.Total, Is.Zero);
        });
    }

    [Test]
    public async Task WalkTo_RepeatedRequests_NegotiatesNewStyle()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1, trust: false);
        var b = await bed.AddAsync(2, trust: false);

        for (var i = 0; i < 3; i++)
        {
            a.WalkTo(b.Endpoint.LocalAddress);
            bed.Advance();
        }

        var ids = bed.Sent.Select(d => d.MessageId).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(ids, Is.EqualTo(new byte[] { 246, 245, 234, 233, 234, 233 }));
            Assert.That(a.Network.GetVerifiedByAddress(b.Endpoint.LocalAddress)!.NewStyleIntro, Is.True);
            Assert.That(b.Network.GetVerifiedByAddress(a.Endpoint.LocalAddress)!.NewStyleIntro, Is.True);
        });
    }

    [Test]
    public async Task GetNewIntroduction_ThreePublicPeers_IntroducerConnectsThem()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        var c = await bed.AddAsync(3);
        var (addressB, addressC) = (b.Endpoint.LocalAddress, c.Endpoint.LocalAddress);

        a.WalkTo(addressB);
        c.WalkTo(addressB);
        bed.Advance();
        a.GetNewIntroduction();
        bed.Advance();
        var walkable = a.GetWalkableAddresses();
        foreach (var address in walkable)
        {
            a.WalkTo(address);
        }

        bed.Advance();
        Assert.Multiple(() =>
        {
            Assert.That(walkable, Is.EqualTo(new[] { addressC }), "B introduced C to A");
            Assert.That(bed.Sent.Any(d => d.Source == addressB && d.Destination == addressC && d.MessageId is 250 or 232), Is.True, "B asked C to puncture");
            Assert.That(bed.Sent.Any(d => d.Source == addressC && d.Destination == a.Endpoint.LocalAddress && d.MessageId is 249 or 231), Is.True, "C punctured toward A");
            Assert.That(Knows(a, c) && Knows(c, a), Is.True);
        });
    }

    [TestCase(NatType.PortRestricted)]
    [TestCase(NatType.AddressRestricted)]
    public async Task Walk_TwoPeersBehindNatsWithPublicIntroducer_VerifyEachOther(NatType nat)
    {
        var bed = new SimulatedBed(seed: 7);
        var a = await bed.AddAsync(1, nat);
        var b = await bed.AddAsync(2);
        var c = await bed.AddAsync(3, nat);
        WalkThroughIntroducer(bed, a, b, c);

        var aSeesC = a.GetPeers().SingleOrDefault(p => p.PublicKey.Equals(c.MyPeer.PublicKey));
        var natOfC = ((SimulatedEndpoint)((RecordingEndpoint)c.Endpoint).Inner).Nat!;
        Assert.Multiple(() =>
        {
            Assert.That(aSeesC, Is.Not.Null, "A verified C");
            Assert.That(Knows(c, a), Is.True, "C verified A");
            Assert.That(aSeesC?.Address.HasSameIp(natOfC.PublicAddress), Is.True, "A reaches C through C's NAT");
            Assert.That(a.MyEstimatedWan.HasSameIp(a.Endpoint.LocalAddress), Is.False, "A learnt its NAT's address as WAN");
            Assert.That(bed.Sent.Any(d => d.Source == c.Endpoint.LocalAddress && d.MessageId is 249 or 231), Is.True, "C punctured");
        });
    }

    [Test]
    public async Task Walk_TwoPeersBehindSymmetricNats_CannotPunctureEachOther()
    {
        var bed = new SimulatedBed(seed: 7);
        var a = await bed.AddAsync(1, NatType.Symmetric);
        var b = await bed.AddAsync(2);
        var c = await bed.AddAsync(3, NatType.Symmetric);
        WalkThroughIntroducer(bed, a, b, c);
        Assert.Multiple(() =>
        {
            Assert.That(Knows(a, b) && Knows(c, b), Is.True, "both reach the public introducer");
            Assert.That(Knows(a, c) || Knows(c, a), Is.False, "symmetric NATs defeat py-ipv8's puncturing");
            Assert.That(a.GetWalkableAddresses(), Is.Not.Empty, "A was introduced to C but could not reach it");
        });
    }

    [Test]
    public async Task IntroductionRequest_OverMaxPeers_IsDroppedAndCounted()
    {
        var bed = new SimulatedBed();
        var b = await bed.AddAsync(2, maxPeers: 1, trust: false);
        var others = new List<TestOverlay>();
        for (var i = 0; i < 3; i++)
        {
            var peer = await bed.AddAsync(10 + i, trust: false);
            others.Add(peer);
            peer.WalkTo(b.Endpoint.LocalAddress);
            bed.Advance();
        }

        Assert.Multiple(() =>
        {
            Assert.That(b.Drops[DropReason.PeerLimit], Is.EqualTo(1));
            Assert.That(b.GetPeers(), Has.Count.EqualTo(2), "requests are refused only when peers > max_peers");
            Assert.That(Knows(others[2], b), Is.False, "the refused peer gets no response");
            Assert.That(Knows(others[1], b), Is.True);
        });
    }

    [Test]
    public async Task GlobalTime_TwoOverlaysSameIdentity_ShareCounter()
    {
        var bed = new SimulatedBed();
        var me = new MyPeer(TestOverlay.CreateKey(1));
        var network = new Network();
        var endpoint = bed.Network.CreateEndpoint();
        var a = await TestOverlay.CreateAsync(endpoint, 1, network: network, myPeer: me, clock: bed.Clock);
        var other = new TestOverlay(a.Settings with { CommunityId = new byte[20] });
        a.WalkTo(UdpAddress.Parse("198.51.100.1:1"));
        other.WalkTo(UdpAddress.Parse("198.51.100.1:1"));
        Assert.That(me.GlobalTime, Is.EqualTo(2UL));
    }

    [Test]
    public async Task UnloadAsync_Unloaded_IgnoresDatagramsAndUnregisters()
    {
        var bed = new SimulatedBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        await b.UnloadAsync();
        a.WalkTo(b.Endpoint.LocalAddress);
        bed.Advance();
        Assert.Multiple(() =>
        {
            Assert.That(b.IsUnloaded, Is.True);
            Assert.That(b.GetPeers(), Is.Empty);
            Assert.That(b.Network.GetServiceProvider(b.ServiceId), Is.Null);
            Assert.That(Knows(a, b), Is.False);
        });
    }

    /// <summary>A and C only know B. Each tick A and C walk to every address they learnt once, and ask a random peer for an introduction.</summary>
    private static void WalkThroughIntroducer(SimulatedBed bed, TestOverlay a, TestOverlay b, TestOverlay c)
    {
        a.WalkTo(b.Endpoint.LocalAddress);
        c.WalkTo(b.Endpoint.LocalAddress);
        bed.Advance();
        var walked = new HashSet<(TestOverlay, UdpAddress)>();
        for (var tick = 0; tick < 20 && !(Knows(a, c) && Knows(c, a)); tick++)
        {
            foreach (var overlay in new[] { a, c })
            {
                foreach (var address in overlay.GetWalkableAddresses())
                {
                    if (walked.Add((overlay, address)))
                    {
                        overlay.WalkTo(address);
                    }
                }

                overlay.GetNewIntroduction();
            }

            bed.Advance();
        }
    }
}
