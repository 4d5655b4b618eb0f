using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Tests.Communities;

public class IntroductionRotationTests
{
    private static readonly UdpAddress RequesterA = UdpAddress.FromIPv4(0x7F000001u, 20_001);
    private static readonly UdpAddress RequesterB = UdpAddress.FromIPv4(0x7F000001u, 20_002);

    [Test]
    public void Choose_SameRequesterAsksAsOftenAsThereAreCandidates_IntroducesEachCandidateOnce()
    {
        var rotation = new IntroductionRotation();
        var candidates = Peers(8);
        var random = new Random(5);

        var chosen = Enumerable.Range(0, 8).Select(_ => rotation.Choose(RequesterA, candidates, candidates.Count, random)).ToList();

        Assert.That(chosen, Is.EquivalentTo(candidates), "every candidate once, none twice");
    }

    [Test]
    public void Choose_OtherRequestersInBetween_KeepTheirOwnRotation()
    {
        var rotation = new IntroductionRotation();
        var candidates = Peers(6);
        var random = new Random(7);
        var toA = new List<Peer?>();

        for (var i = 0; i < 6; i++)
        {
            toA.Add(rotation.Choose(RequesterA, candidates, candidates.Count, random));
            for (var j = 0; j < i + 1; j++)
            {
                rotation.Choose(RequesterB, candidates, candidates.Count, random);
            }
        }

        Assert.That(toA, Is.EquivalentTo(candidates));
    }

    [Test]
    public void Choose_LastIntroducedPeerGone_StillChoosesAmongTheRemainingCandidates()
    {
        var rotation = new IntroductionRotation();
        var candidates = Peers(4);
        var random = new Random(3);
        var first = rotation.Choose(RequesterA, candidates, candidates.Count, random)!;
        candidates.Remove(first);

        var next = rotation.Choose(RequesterA, candidates, candidates.Count, random);

        Assert.That(next, Is.Not.Null.And.Not.SameAs(first));
        Assert.That(candidates, Does.Contain(next));
    }

    [Test]
    public void Choose_NoCandidate_ReturnsNullAndRemembersNothing()
    {
        var rotation = new IntroductionRotation();

        Assert.That(rotation.Choose(RequesterA, [], 0, new Random(1)), Is.Null);
        Assert.That(rotation.Count, Is.Zero);
    }

    [Test]
    public void Choose_MoreRequestersThanCapacity_RemembersAtMostCapacity()
    {
        var rotation = new IntroductionRotation(capacity: 4);
        var candidates = Peers(3);
        var random = new Random(2);

        for (ushort port = 1; port <= 20; port++)
        {
            rotation.Choose(UdpAddress.FromIPv4(0x7F000001u, port), candidates, candidates.Count, random);
        }

        Assert.That(rotation.Count, Is.EqualTo(4));
    }

    [Test]
    public async Task SendIntroductionResponse_OnePeerAsksRepeatedly_IsIntroducedToDistinctPeers()
    {
        // B knows six peers besides A; A asks B six times: with independent random picks (py-ipv8) all six would be
        // distinct with probability 6!/6^6 (1.5 %), with the rotation always.
        const int Others = 6;
        var bed = new SimulatedBed(seed: 11);
        var b = await bed.AddAsync(2);
        var addressB = b.Endpoint.LocalAddress;
        for (var i = 0; i < Others; i++)
        {
            var other = await bed.AddAsync(10 + i);
            other.WalkTo(addressB);
            bed.Advance();
        }

        var a = await bed.AddAsync(1);
        a.WalkTo(addressB);
        bed.Advance();
        var before = bed.Sent.Count;

        for (var i = 0; i < Others; i++)
        {
            a.GetNewIntroduction(a.Network.GetVerifiedByAddress(addressB));
            bed.Advance();
        }

        var introduced = bed.Sent.Skip(before)
            .Where(d => d.Source == addressB && d.MessageId is 250 or 232)
            .Select(d => d.Destination)
            .ToList();
        Assert.Multiple(() =>
        {
            Assert.That(b.GetPeers(), Has.Count.EqualTo(Others + 1), "B verified all seven");
            Assert.That(introduced, Has.Count.EqualTo(Others), "one puncture-request per answer to A");
            Assert.That(introduced.Distinct().Count(), Is.EqualTo(Others), "A was introduced to six distinct peers");
        });
    }

    private static List<Peer> Peers(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new Peer(TestOverlay.Keys.GenerateCurve25519().PublicKey, UdpAddress.FromIPv4(0x7F000001u, (ushort)(30_000 + i))))];
}
