using Ipv8.Discovery;
using Ipv8.Peers;

namespace Ipv8.Tests.Discovery;

/// <summary>RandomWalk's introduction runs (<see cref="RandomWalkOptions.IntroductionRun"/>), on a fake overlay.</summary>
public class RandomWalkRunTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    // Every step asks for an introduction (reset chance 256) and nothing is walked at once, so only the run is seen.
    private static readonly RandomWalkOptions AlwaysAsk = new() { ResetChance = 256, EagerWalks = 0 };

    [Test]
    public void TakeStep_ResponderNamesPeersNotNamedBefore_AsksTheSameResponderAtEveryStep()
    {
        var overlay = new FakeOverlay();
        AddPeers(overlay, 1, 4);
        var walk = new RandomWalk(overlay, AlwaysAsk);

        var asked = new List<Peer?>();
        for (var i = 0; i < 5; i++)
        {
            walk.TakeStep();
            asked.Add(overlay.IntroductionRequests[^1]);
            Name(overlay, asked[^1]!, 10 + i); // a different, new address every time
            overlay.Clock.Advance(Tick);
        }

        Assert.Multiple(() =>
        {
            Assert.That(asked, Has.All.Not.Null, "a run names its responder");
            Assert.That(asked.Distinct().Count(), Is.EqualTo(1), "the same responder while it names peers it has not named in the run");
            Assert.That(overlay.IntroductionRequests, Has.Count.EqualTo(5), "still one request per step");
        });
    }

    [Test]
    public void TakeStep_ResponderNamesAPeerASecondTime_NextStepAsksAnotherPeer()
    {
        var overlay = new FakeOverlay();
        AddPeers(overlay, 1, 4);
        var walk = new RandomWalk(overlay, AlwaysAsk);
        walk.TakeStep();
        var first = overlay.IntroductionRequests[^1]!;
        Name(overlay, first, 10);
        walk.TakeStep();
        Name(overlay, first, 11);
        walk.TakeStep();
        Name(overlay, first, 10); // went round: it has named all it had

        walk.TakeStep();

        Assert.Multiple(() =>
        {
            Assert.That(overlay.IntroductionRequests.Take(3), Has.All.SameAs(first));
            Assert.That(overlay.IntroductionRequests[3], Is.Not.SameAs(first), "the run ended when the responder repeated itself");
            Assert.That(walk.IntroductionRunCount, Is.EqualTo(1));
            Assert.That(walk.IsSettled, Is.False, "the run named addresses that are not peers yet");
        });
    }

    [Test]
    public void TakeStep_OneAnswerNamesTheSameAddressTwice_RunGoesOn()
    {
        // A response's LAN and WAN introduction addresses are recorded one after the other, and are often the same.
        var overlay = new FakeOverlay();
        AddPeers(overlay, 1, 3);
        var walk = new RandomWalk(overlay, AlwaysAsk);
        walk.TakeStep();
        var first = overlay.IntroductionRequests[^1]!;
        Name(overlay, first, 10);
        Name(overlay, first, 10);

        walk.TakeStep();

        Assert.That(overlay.IntroductionRequests[1], Is.SameAs(first));
    }

    [Test]
    public void TakeStep_ResponderNamedNobodySinceTheLastRequest_NextStepAsksAnotherPeer()
    {
        var overlay = new FakeOverlay();
        AddPeers(overlay, 1, 3);
        var walk = new RandomWalk(overlay, AlwaysAsk);
        walk.TakeStep();
        var first = overlay.IntroductionRequests[^1]!;
        Name(overlay, first, 10);
        walk.TakeStep();

        walk.TakeStep(); // no answer to the second request (lost, or an answer naming nobody)

        Assert.Multiple(() =>
        {
            Assert.That(overlay.IntroductionRequests[1], Is.SameAs(first));
            Assert.That(overlay.IntroductionRequests[2], Is.Not.SameAs(first));
        });
    }

    [Test]
    public void TakeStep_AnotherPeerNames_DoesNotCountForTheRun()
    {
        var overlay = new FakeOverlay();
        var peers = AddPeers(overlay, 1, 3);
        var walk = new RandomWalk(overlay, AlwaysAsk);
        walk.TakeStep();
        var first = overlay.IntroductionRequests[^1]!;
        Name(overlay, peers.First(p => !ReferenceEquals(p, first)), 10); // an eager walk's answer, not the responder's

        walk.TakeStep();

        Assert.That(overlay.IntroductionRequests[1], Is.Not.SameAs(first), "only the responder's own answers continue its run");
    }

    [Test]
    public void TakeStep_ResponderKeepsNamingNewPeers_RunEndsAfterIntroductionRunRequests()
    {
        var overlay = new FakeOverlay();
        AddPeers(overlay, 1, 3);
        var walk = new RandomWalk(overlay, AlwaysAsk with { IntroductionRun = 4 });
        for (var i = 0; i < 5; i++)
        {
            walk.TakeStep();
            Name(overlay, overlay.IntroductionRequests[^1]!, 10 + i);
        }

        Assert.Multiple(() =>
        {
            Assert.That(overlay.IntroductionRequests.Take(4).Distinct().Count(), Is.EqualTo(1));
            Assert.That(overlay.IntroductionRequests[4], Is.Not.SameAs(overlay.IntroductionRequests[0]), "at most 4 requests in a row to one peer");
        });
    }

    [Test]
    public void TakeStep_RunsEnd_NextRunAsksThePeerAskedLongestAgo()
    {
        var overlay = new FakeOverlay(seed: 7);
        AddPeers(overlay, 1, 4);
        var walk = new RandomWalk(overlay, AlwaysAsk);

        // Runs of one request each (nobody answers): every peer once before any peer twice, then the same order again.
        for (var i = 0; i < 8; i++)
        {
            walk.TakeStep();
        }

        var asked = overlay.IntroductionRequests;
        Assert.Multiple(() =>
        {
            Assert.That(asked.Take(4).Distinct().Count(), Is.EqualTo(4), "each peer once before any twice");
            Assert.That(asked.Skip(4), Is.EqualTo(asked.Take(4)), "then the one asked longest ago");
        });
    }

    [Test]
    public void TakeStep_RunWentRoundNamingOnlyPeers_AsksRandomPeersUntilThePeerCountChanges()
    {
        var overlay = new FakeOverlay();
        var peers = AddPeers(overlay, 1, 3);
        var walk = new RandomWalk(overlay, AlwaysAsk);
        walk.TakeStep();
        var responder = overlay.IntroductionRequests[^1]!;
        var others = peers.Where(p => !ReferenceEquals(p, responder)).ToArray();
        Name(overlay, responder, others[0]);
        walk.TakeStep();
        var settledBeforeRound = walk.IsSettled;
        Name(overlay, responder, others[1]);
        walk.TakeStep();
        Name(overlay, responder, others[0]); // round done, and it knew nobody we do not

        walk.TakeStep();
        walk.TakeStep();
        var settled = walk.IsSettled;
        var whileSettled = overlay.IntroductionRequests.Skip(3).ToList();
        overlay.AddPeer(4);
        walk.TakeStep();

        Assert.Multiple(() =>
        {
            Assert.That(overlay.IntroductionRequests.Take(3), Has.All.SameAs(responder));
            Assert.That(settledBeforeRound, Is.False);
            Assert.That(settled, Is.True);
            Assert.That(whileSettled, Has.Count.EqualTo(2).And.All.Null, "py-ipv8's choice: GetNewIntroduction picks a random peer");
            Assert.That(walk.IsSettled, Is.False, "a new peer may know peers we do not");
            Assert.That(overlay.IntroductionRequests[^1], Is.Not.Null, "runs again");
        });
    }

    [Test]
    public void TakeStep_RunWentRoundNamingAnAddressNotAPeer_DoesNotSettle()
    {
        var overlay = new FakeOverlay();
        var peers = AddPeers(overlay, 1, 2);
        var walk = new RandomWalk(overlay, AlwaysAsk);
        walk.TakeStep();
        var responder = overlay.IntroductionRequests[^1]!;
        Name(overlay, responder, peers.First(p => !ReferenceEquals(p, responder)));
        walk.TakeStep();
        Name(overlay, responder, 10); // not a peer of ours (yet)
        walk.TakeStep();
        Name(overlay, responder, peers.First(p => !ReferenceEquals(p, responder)));

        walk.TakeStep();

        Assert.Multiple(() =>
        {
            Assert.That(walk.IsSettled, Is.False);
            Assert.That(walk.IntroductionRunCount, Is.EqualTo(1));
            Assert.That(overlay.IntroductionRequests[^1], Is.Not.Null.And.Not.SameAs(responder), "the next run, with the other peer");
        });
    }

    [Test]
    public void TakeStep_IntroductionRunZero_AsksRandomPeersAsPyIpv8()
    {
        var overlay = new FakeOverlay();
        AddPeers(overlay, 1, 3);
        var walk = new RandomWalk(overlay, AlwaysAsk with { IntroductionRun = 0 });
        for (var i = 0; i < 3; i++)
        {
            walk.TakeStep();
            Name(overlay, overlay.Network.GetPeersForService(overlay.Service)[0], 10 + i);
        }

        Assert.Multiple(() =>
        {
            Assert.That(overlay.IntroductionRequests, Has.Count.EqualTo(3).And.All.Null);
            Assert.That(walk.IntroductionRunCount, Is.Zero);
        });
    }

    [Test]
    public void TakeStep_NoPeers_BootstrapsAsBefore()
    {
        var overlay = new FakeOverlay();
        var walk = new RandomWalk(overlay, AlwaysAsk);

        walk.TakeStep();

        Assert.Multiple(() =>
        {
            Assert.That(overlay.IntroductionRequests, Is.EqualTo(new Peer?[] { null }), "GetNewIntroduction bootstraps an overlay without peers");
            Assert.That(walk.IntroductionRunPeer, Is.Null);
        });
    }

    [TestCase(-1)]
    [TestCase(65)]
    public void Validate_IntroductionRunOutOfRange_NamesTheSetting(int run)
    {
        var errors = new RandomWalkOptions { IntroductionRun = run }.Validate();

        Assert.That(errors, Has.Count.EqualTo(1).And.Some.StartsWith("introduction_run"));
    }

    private static List<Peer> AddPeers(FakeOverlay overlay, int from, int to)
        => [.. Enumerable.Range(from, to - from + 1).Select(overlay.AddPeer)];

    /// <summary>What the community does with an introduction-response from <paramref name="responder"/> naming address i.</summary>
    private static void Name(FakeOverlay overlay, Peer responder, int i) => overlay.Network.DiscoverAddress(responder, FakeOverlay.Address(i), overlay.Service);

    private static void Name(FakeOverlay overlay, Peer responder, Peer named) => overlay.Network.DiscoverAddress(responder, named.Address, overlay.Service);
}
