using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>
/// First contact between hardened peers and py-ipv8-behaving ones, in both directions (the traces in Community.Trust.cs):
/// both sides verify each other within a few round trips, and only proven addresses are trusted.
/// </summary>
public class HandshakeTests
{
    [TestCase(true, true)]
    [TestCase(false, true)]
    [TestCase(true, false)]
    [TestCase(false, false)]
    public async Task WalkTo_FirstContact_BothVerifyEachOtherWithinOneSecond(bool walkerTrust, bool walkedTrust)
    {
        var bed = new SimulatedBed(21);
        var walker = await bed.AddAsync(1, trust: walkerTrust);
        var walked = await bed.AddAsync(2, trust: walkedTrust);
        walker.WalkTo(walked.Endpoint.LocalAddress);
        bed.Advance(2);
        Assert.Multiple(() =>
        {
            Assert.That(CommunityWalkTests.Knows(walker, walked), Is.True, "the walker verified the walked peer");
            Assert.That(CommunityWalkTests.Knows(walked, walker), Is.True, "the walked peer verified the walker");
            Assert.That(walker.ResponsesSeen, Has.Count.EqualTo(1), "the walk got exactly one answer");
            Assert.That(walker.Drops.Total + walked.Drops.Total, Is.Zero);
        });
    }

    [Test]
    public async Task WalkTo_HardenedPair_ChallengeAnsweredAtOnceThenDeferredResponse()
    {
        var bed = new SimulatedBed(22);
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        a.WalkTo(b.Endpoint.LocalAddress);
        bed.Advance(2);
        var ids = bed.Sent.Select(d => (d.Source == a.Endpoint.LocalAddress ? "A" : "B") + d.MessageId).ToArray();
        Assert.Multiple(() =>
        {
            // A walks (246), B challenges (246), A answers at once (245), B answers A's walk (245, or 233 since A's answer
            // told B that A speaks the new format).
            Assert.That(ids.Take(3), Is.EqualTo(new[] { "A246", "B246", "A245" }));
            Assert.That(ids[3..], Is.EqualTo(new[] { "B233" }).Or.EqualTo(new[] { "B245" }));
            Assert.That(b.Trust[TrustCounter.ChallengesSent], Is.EqualTo(1));
            Assert.That(a.Trust[TrustCounter.ImmediateAnswers], Is.EqualTo(1));
            Assert.That(b.Trust[TrustCounter.DeferredResponses], Is.EqualTo(1));
            Assert.That(a.Trust[TrustCounter.Proofs] + b.Trust[TrustCounter.Proofs], Is.EqualTo(2));
        });
    }

    [Test]
    public async Task WalkTo_CrossingWalks_BothVerify()
    {
        var bed = new SimulatedBed(23);
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        a.WalkTo(b.Endpoint.LocalAddress);
        b.WalkTo(a.Endpoint.LocalAddress);
        bed.Advance(2);
        Assert.Multiple(() =>
        {
            Assert.That(CommunityWalkTests.Knows(a, b) && CommunityWalkTests.Knows(b, a), Is.True);
            Assert.That(a.Trust[TrustCounter.Proofs], Is.EqualTo(1));
            Assert.That(b.Trust[TrustCounter.Proofs], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task WalkTo_WalksToOtherSocketsAndMutualChallenges_BothVerifyWithinOneSecond()
    {
        // As with the UDP broadcast bootstrapper: each walks to another socket of the other, which hands the request over,
        // so the answers to those walks come from an unexpected address and prove nothing; the mutual challenges must.
        var bed = new SimulatedBed(24);
        var a = await bed.AddAsync(1);
        var b = await bed.AddAsync(2);
        var elsewhere = UdpAddress.Parse("192.0.2.200:9");
        b.WalkTo(elsewhere);
        a.OnDatagram(b.Endpoint.LocalAddress, bed.Sent[^1].Data);
        bed.Clock.Advance(TimeSpan.FromMilliseconds(100));
        a.WalkTo(elsewhere.WithPort(10));
        b.OnDatagram(a.Endpoint.LocalAddress, bed.Sent.Last(d => d.Destination == elsewhere.WithPort(10)).Data);
        bed.Advance(2);
        Assert.Multiple(() =>
        {
            Assert.That(CommunityWalkTests.Knows(a, b), Is.True, "A verified B");
            Assert.That(CommunityWalkTests.Knows(b, a), Is.True, "B verified A");
            Assert.That(a.Trust[TrustCounter.ChallengesSent] + b.Trust[TrustCounter.ChallengesSent], Is.EqualTo(2));
        });
    }
}
