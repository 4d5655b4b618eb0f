using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>
/// The trust rules over IPv6 (spec 5: only the new-style messages 231-234 and 250-251 carry IPv6 addresses): hardened
/// peers verify each other and introduce each other, a forged IPv6 source gets no amplification, and a replayed request
/// from another IPv6 address does not move the identity. Runs on <see cref="DualStackWire"/> with IPv6-only hosts.
/// </summary>
public class Ipv6TrustTests
{
    private const int AttackPackets = 40;

    private static readonly byte[] NewStyleIds =
    [
        NewIntroductionRequestPayload.MessageId, NewIntroductionResponsePayload.MessageId,
        NewPunctureRequestPayload.MessageId, NewPuncturePayload.MessageId,
    ];

    [Test]
    public async Task WalkTo_Ipv6HardenedPair_BothProvenAndVerifiedWithNewStyleMessagesOnly()
    {
        var wire = new DualStackWire();
        var a = await AddAsync(wire, 1);
        var b = await AddAsync(wire, 2);
        a.WalkTo(b.Endpoint.LocalAddress);
        Pump(wire, 10);
        Assert.Multiple(() =>
        {
            Assert.That(CommunityWalkTests.Knows(a, b) && CommunityWalkTests.Knows(b, a), Is.True, "both verified each other");
            Assert.That(a.IsProven(b.Endpoint.LocalAddress, b.MyPeer.PublicKey), Is.True);
            Assert.That(b.IsProven(a.Endpoint.LocalAddress, a.MyPeer.PublicKey), Is.True);
            Assert.That(wire.Sent.Select(d => d.MessageId), Is.All.AnyOf(234, 233), "IPv6 only in new-style requests and responses");
            Assert.That(b.Trust[TrustCounter.ChallengesSent], Is.EqualTo(1));
            Assert.That(b.Trust[TrustCounter.DeferredResponses], Is.EqualTo(1));
            Assert.That(a.ResponsesSeen, Has.Count.EqualTo(1));
            Assert.That(a.Drops.Total + b.Drops.Total, Is.Zero);
            Assert.That(a.Network.GetVerifiedByPublicKeyBin(b.MyPeer.PublicKey.KeyBin)?.Address, Is.EqualTo(b.Endpoint.LocalAddress));
        });
    }

    [TestCase(true, false)]
    [TestCase(false, true)]
    [TestCase(false, false)]
    public async Task WalkTo_Ipv6FirstContactWithPyIpv8Rules_BothVerifyEachOther(bool walkerTrust, bool walkedTrust)
    {
        var wire = new DualStackWire();
        var walker = await AddAsync(wire, 1, trust: walkerTrust);
        var walked = await AddAsync(wire, 2, trust: walkedTrust);
        walker.WalkTo(walked.Endpoint.LocalAddress);
        Pump(wire, 10);
        Assert.Multiple(() =>
        {
            Assert.That(CommunityWalkTests.Knows(walker, walked) && CommunityWalkTests.Knows(walked, walker), Is.True);
            Assert.That(walker.ResponsesSeen, Has.Count.EqualTo(1), "the walk got exactly one answer");
            Assert.That(wire.Sent.Select(d => d.MessageId), Is.All.AnyOf(234, 233));
            Assert.That(walker.Drops.Total + walked.Drops.Total, Is.Zero);
        });
    }

    [Test]
    public async Task PunctureRequest_Ipv6FromStranger_NothingReachesVictim()
    {
        var wire = new DualStackWire();
        var peer = await AddAsync(wire, 1);
        var victim = wire.NextIPv6Address();
        var stranger = wire.NextIPv6Address();
        for (var i = 0; i < AttackPackets; i++)
        {
            var payload = new NewPunctureRequestPayload(victim, victim, (ushort)i);
            var buffer = new byte[256];
            var length = MessageFraming.WriteUnsigned(buffer, peer.Prefix.Bytes, NewPunctureRequestPayload.MessageId, (ulong)i, in payload);
            wire.Inject(stranger, peer.Endpoint.LocalAddress, buffer[..length]);
            Pump(wire, 5);
        }

        Assert.Multiple(() =>
        {
            Assert.That(wire.Sent.Count(d => d.Destination == victim), Is.Zero);
            Assert.That(peer.Trust[TrustCounter.UntrustedPunctureRequests], Is.EqualTo(AttackPackets));
        });
    }

    [Test]
    public async Task WalkTo_Ipv6ThreePeers_IntroductionPunctureRequestAndPunctureAreNewStyle()
    {
        var wire = new DualStackWire();
        var hub = await AddAsync(wire, 1);
        var first = await AddAsync(wire, 2);
        var second = await AddAsync(wire, 3);
        first.WalkTo(hub.Endpoint.LocalAddress);
        Pump(wire, 10);
        var before = wire.Sent.Count;
        second.WalkTo(hub.Endpoint.LocalAddress);
        Pump(wire, 10);
        second.WalkTo(hub.Endpoint.LocalAddress);
        Pump(wire, 10);
        var ids = wire.Sent.Skip(before).Select(d => d.MessageId).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(wire.Sent.Select(d => d.MessageId), Is.All.AnyOf(NewStyleIds.Cast<object>().ToArray()));
            Assert.That(ids, Does.Contain(NewPunctureRequestPayload.MessageId), "the hub asked the first peer to puncture (250)");
            Assert.That(ids, Does.Contain(NewPuncturePayload.MessageId), "the first peer punctured toward the second (251)");
            Assert.That(wire.Sent.Any(d => d.MessageId == NewPuncturePayload.MessageId && d.Source == first.Endpoint.LocalAddress && d.Destination == second.Endpoint.LocalAddress), Is.True);
            Assert.That(second.Network.IsKnownAddress(first.Endpoint.LocalAddress) || CommunityWalkTests.Knows(second, first), Is.True, "the second peer learned the first's IPv6 address");
            Assert.That(hub.Trust[TrustCounter.UntrustedPunctureRequests] + first.Trust[TrustCounter.UntrustedPunctureRequests], Is.Zero);
        });
    }

    [Test]
    public async Task IntroductionRequest_ForgedIpv6VictimSource_ReflectionAtMostOne()
    {
        var wire = new DualStackWire();
        var peer = await AddAsync(wire, 1);
        for (var i = 0; i < 3; i++)
        {
            var neighbour = await AddAsync(wire, 10 + i);
            neighbour.WalkTo(peer.Endpoint.LocalAddress);
            Pump(wire, 10);
        }

        Assert.That(peer.PeerCount, Is.EqualTo(3), "the neighbours joined over IPv6");
        var victim = wire.NextIPv6Address();
        var key = TestOverlay.CreateKey(999);
        long attackBytes = 0;
        for (var i = 0; i < AttackPackets; i++)
        {
            var request = Attack.NewIntroductionRequest(peer.Prefix, key, peer.Endpoint.LocalAddress, victim, (ushort)(1000 + i));
            attackBytes += request.Length;
            wire.Inject(victim, peer.Endpoint.LocalAddress, request);
            Pump(wire, 50);
        }

        Pump(wire, 200);
        var toVictim = wire.Sent.Where(d => d.Destination == victim).ToList();
        var factorBytes = (double)toVictim.Sum(d => d.Data.Length) / attackBytes;
        var factorPackets = (double)toVictim.Count / AttackPackets;
        TestContext.Out.WriteLine($"bytes {factorBytes:F2}, packets {factorPackets:F2}");
        Assert.Multiple(() =>
        {
            Assert.That(factorBytes, Is.LessThanOrEqualTo(1.0));
            Assert.That(factorPackets, Is.LessThanOrEqualTo(1.0));
            Assert.That(toVictim.Select(d => d.MessageId), Is.All.AnyOf(234, 233), "only challenges (234) and answers without introduction (233) reach the victim");
            Assert.That(peer.Trust[TrustCounter.ChallengesSent], Is.Positive);
            Assert.That(peer.PendingChallengeCount, Is.LessThanOrEqualTo(1), "one pending request per address");
            Assert.That(peer.PeerCount, Is.EqualTo(3), "the attacker's key was not added");
            Assert.That(toVictim.Any(d => d.Source != peer.Endpoint.LocalAddress), Is.False, "no neighbour was asked to puncture toward the victim");
        });
    }

    [Test]
    public async Task IntroductionRequest_ReplayedFromOtherIpv6Address_IdentityStaysAndReplayerIsNeverHandedOut()
    {
        var wire = new DualStackWire();
        var peer = await AddAsync(wire, 1);
        var honest = await AddAsync(wire, 2);
        var witness = await AddAsync(wire, 3);
        honest.WalkTo(peer.Endpoint.LocalAddress);
        Pump(wire, 10);
        var captured = wire.Sent.First(d => d.Source == honest.Endpoint.LocalAddress && d.Destination == peer.Endpoint.LocalAddress && d.MessageId == NewIntroductionRequestPayload.MessageId);

        var replayer = wire.NextIPv6Address();
        for (var i = 0; i < 3; i++)
        {
            wire.Inject(replayer, peer.Endpoint.LocalAddress, captured.Data);
            Pump(wire, 50);
        }

        for (var i = 0; i < 4; i++)
        {
            witness.WalkTo(peer.Endpoint.LocalAddress);
            Pump(wire, 10);
        }

        var held = peer.Network.GetVerifiedByPublicKeyBin(honest.MyPeer.PublicKey.KeyBin);
        Assert.Multiple(() =>
        {
            Assert.That(held?.Address, Is.EqualTo(honest.Endpoint.LocalAddress), "the identity stays at its proven IPv6 address");
            Assert.That(held?.IPv6Address, Is.EqualTo(honest.Endpoint.LocalAddress));
            Assert.That(peer.Network.GetVerifiedByAddress(replayer), Is.Null);
            Assert.That(witness.Network.IsKnownAddress(replayer), Is.False, "the replayer's address is never handed out");
            Assert.That(witness.Network.IsKnownAddress(honest.Endpoint.LocalAddress) || CommunityWalkTests.Knows(witness, honest), Is.True, "the honest address is handed out");
            Assert.That(peer.Trust[TrustCounter.AddressMovesRefused], Is.Positive);
            Assert.That(peer.IsProven(replayer, honest.MyPeer.PublicKey), Is.False);
            Assert.That(wire.Sent.Count(d => d.Destination == replayer), Is.LessThanOrEqualTo(3), "at most the challenges go to the replayer");
        });
    }

    private static Task<TestOverlay> AddAsync(DualStackWire wire, int keySeed, bool trust = true)
        => wire.AddAsync(keySeed, ipv4: false, ipv6: true, trust: trust);

    private static void Pump(DualStackWire wire, int rounds)
    {
        for (var i = 0; i < rounds; i++)
        {
            wire.Pump();
        }
    }
}
