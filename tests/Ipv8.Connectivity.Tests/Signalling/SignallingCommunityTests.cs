using System.Net;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Signalling;
using Ipv8.Keys;
using Ipv8.Simulation;

namespace Ipv8.Connectivity.Tests.Signalling;

[TestFixture]
public sealed class SignallingCommunityTests
{
    [Test]
    public async Task RequestAsync_VerifiedPeer_SentDirectlyAndAnsweredWithObservedAddress()
    {
        var bed = new SignallingBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        bed.Introduce(a, b);
        Assert.That(SignallingBed.Knows(a, b), Is.True, "the walk verified B at A");
        var seen = Record(b, new SignalReply(true, string.Empty, [new IPEndPoint(SignallingBed.WanOf(b), 5000)]));

        var reply = await bed.RunAsync(a.RequestAsync(b.MyPeer.PublicKey, bed.ReverseRequest(bed.RecordOf(a)), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(reply.Accepted, Is.True);
            Assert.That(reply.PunchEndPoints, Is.EqualTo(new[] { new IPEndPoint(SignallingBed.WanOf(b), 5000) }));
            Assert.That(seen, Has.Count.EqualTo(1));
            Assert.That(seen[0].From, Is.EqualTo(a.MyPeer.PublicKey));
            Assert.That(seen[0].Request.ObservedAddress, Is.EqualTo(a.Endpoint.LocalAddress.ToIPAddress()));
            Assert.That(a.GetCount(SignallingCounter.RequestsSentDirect), Is.EqualTo(1));
            Assert.That(a.GetCount(SignallingCounter.RequestsSentRelayed), Is.Zero);
            Assert.That(a.GetCount(SignallingCounter.RepliesReceived), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task RequestAsync_PeerKnownOnlyToIntroducer_RelayedBothWaysWithTheAddressTheIntroducerSaw()
    {
        var bed = new SignallingBed(3);
        var introducer = await bed.AddAsync(10);
        var a = await bed.AddAsync(11, NatType.PortRestricted);
        var b = await bed.AddAsync(12, NatType.PortRestricted);
        bed.Introduce(a, introducer);
        bed.Introduce(b, introducer);
        Assert.That(SignallingBed.Knows(a, b), Is.False, "A has not verified B: only the introducer can carry the request");
        Assert.That(SignallingBed.Knows(introducer, a) && SignallingBed.Knows(introducer, b), Is.True, "the introducer knows both");
        var seen = Record(b, new SignalReply(true, string.Empty, []));

        var reply = await bed.RunAsync(a.RequestAsync(b.MyPeer.PublicKey, bed.ReverseRequest(bed.RecordOf(a)), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(reply.Accepted, Is.True);
            Assert.That(seen, Has.Count.EqualTo(1));
            Assert.That(seen[0].Request.ObservedAddress, Is.EqualTo(SignallingBed.WanOf(a)), "the NAT's public address, as the introducer saw A");
            Assert.That(a.GetCount(SignallingCounter.RequestsSentRelayed), Is.EqualTo(1));
            Assert.That(a.GetCount(SignallingCounter.RequestsSentDirect), Is.Zero);
            Assert.That(introducer.GetCount(SignallingCounter.RelaysForwarded), Is.EqualTo(1));
            Assert.That(introducer.GetCount(SignallingCounter.RelayRepliesForwarded), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ConnectRequest_RecordListsAThirdPartyAddress_RefusedCountedAndNotHandled()
    {
        var bed = new SignallingBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        var victim = await bed.AddAsync(3);
        bed.Introduce(a, b);
        var seen = Record(b, new SignalReply(true, string.Empty, []));

        var reply = await bed.RunAsync(a.RequestAsync(b.MyPeer.PublicKey, bed.ReverseRequest(bed.RecordOf(a, SignallingBed.WanOf(victim))), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(reply.Accepted, Is.False);
            Assert.That(reply.Reason, Does.Contain("does not list"));
            Assert.That(seen, Is.Empty, "the handler never heard of it");
            Assert.That(b.GetCount(SignallingCounter.RefusedThirdPartyAddress), Is.EqualTo(1));
            Assert.That(bed.SentFromTo(b, victim.Endpoint.LocalAddress), Is.Zero, "nothing went to the third party");
        });
    }

    [Test]
    public async Task Relayed_RecordListsAThirdPartyAddress_RefusedAtTheTargetAndCounted()
    {
        var bed = new SignallingBed(4);
        var introducer = await bed.AddAsync(10);
        var attacker = await bed.AddAsync(11, NatType.PortRestricted);
        var b = await bed.AddAsync(12, NatType.PortRestricted);
        var victim = await bed.AddAsync(13);
        bed.Introduce(attacker, introducer);
        bed.Introduce(b, introducer);
        var seen = Record(b, new SignalReply(true, string.Empty, []));

        var reply = await bed.RunAsync(attacker.RequestAsync(b.MyPeer.PublicKey, bed.ReverseRequest(bed.RecordOf(attacker, SignallingBed.WanOf(victim))), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(reply.Accepted, Is.False);
            Assert.That(seen, Is.Empty);
            Assert.That(b.GetCount(SignallingCounter.RefusedThirdPartyAddress), Is.EqualTo(1));
            Assert.That(bed.SentFromTo(b, victim.Endpoint.LocalAddress), Is.Zero);
        });
    }

    [Test]
    public async Task ConnectRequest_RecordSignedByAnotherKey_RefusedAsForged()
    {
        var bed = new SignallingBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        var other = await bed.AddAsync(3);
        bed.Introduce(a, b);
        var seen = Record(b, new SignalReply(true, string.Empty, []));

        // The other node's genuine record, listing A's address: still not A's own word.
        var reply = await bed.RunAsync(a.RequestAsync(b.MyPeer.PublicKey, bed.ReverseRequest(bed.RecordOf(other, SignallingBed.WanOf(a))), CancellationToken.None));

        Assert.Multiple(() =>
        {
            Assert.That(reply.Accepted, Is.False);
            Assert.That(seen, Is.Empty);
            Assert.That(b.GetCount(SignallingCounter.RefusedForgedRecord), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task ConnectRequest_FromUnprovenSource_DroppedUnansweredAndCounted()
    {
        var bed = new SignallingBed();
        var b = await bed.AddAsync(2);
        var stranger = await bed.AddAsync(5);
        var seen = Record(b, new SignalReply(true, string.Empty, []));
        var request = new ConnectRequestPayload(42, bed.ReverseRequest(bed.RecordOf(stranger, stranger.Endpoint.LocalAddress.ToIPAddress())));

        stranger.Endpoint.Send(b.Endpoint.LocalAddress, SignallingBed.Signed(b, stranger.MyPeer.PrivateKey, ConnectRequestPayload.MessageId, request));
        bed.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(seen, Is.Empty);
            Assert.That(b.GetCount(SignallingCounter.RefusedUnprovenSource), Is.EqualTo(1));
            Assert.That(bed.SentFromTo(b, stranger.Endpoint.LocalAddress), Is.Zero, "nothing is sent to an unproven address");
        });
    }

    [Test]
    public async Task ConnectRequest_FloodFromAVerifiedPeer_RateLimitedCountedAndNeverAmplified()
    {
        var bed = new SignallingBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        bed.Introduce(a, b);
        var seen = Record(b, new SignalReply(false, "no", []));
        var record = bed.RecordOf(a);
        var sentBefore = bed.SentFromTo(b, a.Endpoint.LocalAddress);
        const int flood = 200;

        for (uint i = 1; i <= flood; i++)
            a.Endpoint.Send(b.Endpoint.LocalAddress, SignallingBed.Signed(b, a.MyPeer.PrivateKey, ConnectRequestPayload.MessageId, new ConnectRequestPayload(i, bed.ReverseRequest(record))));
        bed.Advance(TimeSpan.FromMilliseconds(200));

        var handled = b.GetCount(SignallingCounter.RequestsHandled);
        Assert.Multiple(() =>
        {
            Assert.That(handled, Is.InRange(1, (long)b.Options.RequestBurst + 1), "the burst, plus what 200 ms of rate refills");
            Assert.That(b.GetCount(SignallingCounter.RefusedRateLimited), Is.EqualTo(flood - handled));
            Assert.That(seen, Has.Count.EqualTo(handled));
            Assert.That(bed.SentFromTo(b, a.Endpoint.LocalAddress) - sentBefore, Is.LessThanOrEqualTo(handled), "one reply per handled request at most");
        });
    }

    [Test]
    public async Task ConnectRequest_ReplayedDatagram_HandledOnce()
    {
        var bed = new SignallingBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        bed.Introduce(a, b);
        var seen = Record(b, new SignalReply(true, string.Empty, []));
        var datagram = SignallingBed.Signed(b, a.MyPeer.PrivateKey, ConnectRequestPayload.MessageId, new ConnectRequestPayload(7, bed.ReverseRequest(bed.RecordOf(a))));

        a.Endpoint.Send(b.Endpoint.LocalAddress, datagram);
        a.Endpoint.Send(b.Endpoint.LocalAddress, datagram);
        bed.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(seen, Has.Count.EqualTo(1));
            Assert.That(b.GetCount(SignallingCounter.DuplicatesIgnored), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Relay_WrappingAMessageSignedBySomeoneElse_RefusedAndNothingForwarded()
    {
        var bed = new SignallingBed(5);
        var introducer = await bed.AddAsync(10);
        var attacker = await bed.AddAsync(11);
        var b = await bed.AddAsync(12);
        var other = await bed.AddAsync(13);
        bed.Introduce(attacker, introducer);
        bed.Introduce(b, introducer);
        var inner = SignallingBed.Signed(b, other.MyPeer.PrivateKey, ConnectRequestPayload.MessageId, new ConnectRequestPayload(9, bed.ReverseRequest(bed.RecordOf(other, other.Endpoint.LocalAddress.ToIPAddress()))));
        var relay = new RelayPayload(b.MyPeer.PublicKey.KeyBin.ToArray(), inner);

        attacker.Endpoint.Send(introducer.Endpoint.LocalAddress, SignallingBed.Signed(b, attacker.MyPeer.PrivateKey, RelayPayload.MessageId, relay));
        bed.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(introducer.GetCount(SignallingCounter.RelayRefusedForgedInner), Is.EqualTo(1));
            Assert.That(introducer.GetCount(SignallingCounter.RelaysForwarded), Is.Zero);
        });
    }

    [Test]
    public async Task Relay_ReplyForARequestNeverRelayed_RefusedAsUnsolicited()
    {
        var bed = new SignallingBed(6);
        var introducer = await bed.AddAsync(10);
        var attacker = await bed.AddAsync(11);
        var a = await bed.AddAsync(12);
        bed.Introduce(attacker, introducer);
        bed.Introduce(a, introducer);
        var inner = SignallingBed.Signed(a, attacker.MyPeer.PrivateKey, ConnectReplyPayload.MessageId, new ConnectReplyPayload(1, new SignalReply(true, string.Empty, [])));

        attacker.Endpoint.Send(introducer.Endpoint.LocalAddress, SignallingBed.Signed(a, attacker.MyPeer.PrivateKey, RelayPayload.MessageId, new RelayPayload(a.MyPeer.PublicKey.KeyBin.ToArray(), inner)));
        bed.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(introducer.GetCount(SignallingCounter.RelayRepliesUnsolicited), Is.EqualTo(1));
            Assert.That(introducer.GetCount(SignallingCounter.RelayRepliesForwarded), Is.Zero);
        });
    }

    [Test]
    public async Task Relay_FromAnUnprovenSource_DroppedUnanswered()
    {
        var bed = new SignallingBed(7);
        var introducer = await bed.AddAsync(10);
        var stranger = await bed.AddAsync(11);
        var b = await bed.AddAsync(12);
        bed.Introduce(b, introducer);
        var inner = SignallingBed.Signed(b, stranger.MyPeer.PrivateKey, ConnectRequestPayload.MessageId, new ConnectRequestPayload(3, bed.ReverseRequest(bed.RecordOf(stranger, stranger.Endpoint.LocalAddress.ToIPAddress()))));

        stranger.Endpoint.Send(introducer.Endpoint.LocalAddress, SignallingBed.Signed(b, stranger.MyPeer.PrivateKey, RelayPayload.MessageId, new RelayPayload(b.MyPeer.PublicKey.KeyBin.ToArray(), inner)));
        bed.Advance(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(introducer.GetCount(SignallingCounter.RefusedUnprovenSource), Is.EqualTo(1));
            Assert.That(introducer.GetCount(SignallingCounter.RelaysForwarded), Is.Zero);
            Assert.That(bed.SentFromTo(introducer, stranger.Endpoint.LocalAddress), Is.Zero);
        });
    }

    [Test]
    public async Task RequestAsync_NoVerifiedPeerAtAll_FailsWithNoPath()
    {
        var bed = new SignallingBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);

        var failure = Assert.ThrowsAsync<RungFailedException>(() => a.RequestAsync(b.MyPeer.PublicKey, bed.ReverseRequest(bed.RecordOf(a, a.Endpoint.LocalAddress.ToIPAddress())), CancellationToken.None));

        Assert.That(failure!.Message, Does.Contain("no signalling path"));
    }

    [Test]
    public async Task OnDatagram_GarbageAfterThePrefix_CountedAsDropsNeverThrows()
    {
        var bed = new SignallingBed();
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        bed.Introduce(a, b);
        var random = new Random(5);
        var dropsBefore = b.Drops.Total;

        for (var i = 0; i < 200; i++)
        {
            var datagram = new byte[random.Next(23, 400)];
            random.NextBytes(datagram);
            b.Prefix.Bytes.CopyTo(datagram);
            datagram[22] = (byte)random.Next(1, 5);
            a.Endpoint.Send(b.Endpoint.LocalAddress, datagram);
        }

        bed.Advance(TimeSpan.FromSeconds(1));
        Assert.That(b.Drops.Total - dropsBefore, Is.EqualTo(200));
    }

    private static List<(PublicKey From, SignalRequest Request)> Record(SignallingCommunity node, SignalReply answer)
    {
        var seen = new List<(PublicKey, SignalRequest)>();
        node.SetHandler((from, request, _) =>
        {
            seen.Add((from, request));
            return Task.FromResult(answer);
        });
        return seen;
    }
}
