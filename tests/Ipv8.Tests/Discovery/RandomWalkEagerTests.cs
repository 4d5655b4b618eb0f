using Ipv8.Discovery;

namespace Ipv8.Tests.Discovery;

/// <summary>RandomWalk's eager walks to freshly introduced addresses (<see cref="RandomWalkOptions.EagerWalks"/>).</summary>
public class RandomWalkEagerTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    [Test]
    public void AddressIntroduced_AfterAStep_WalksAtOnceWithinTheStepBudget()
    {
        var overlay = new FakeOverlay();
        var introducer = overlay.AddPeer(1);
        var walk = new RandomWalk(overlay, new RandomWalkOptions { EagerWalks = 2 });
        walk.TakeStep(); // nothing walkable: asks for an introduction, and opens a budget of 2

        for (var i = 10; i < 14; i++)
        {
            overlay.AddWalkable(i, introducer);
        }

        var beforeTimer = overlay.Walks.Count;
        overlay.Clock.Advance(TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(beforeTimer, Is.Zero, "nothing is sent from inside the introduction's handling");
            Assert.That(overlay.Walks, Is.EqualTo(new[] { FakeOverlay.Address(10), FakeOverlay.Address(11) }), "the first two fresh addresses, then the budget is spent");
            Assert.That(walk.EagerWalkCount, Is.EqualTo(2));
            Assert.That(walk.IsOutstanding(FakeOverlay.Address(10)) && walk.IsOutstanding(FakeOverlay.Address(11)), Is.True, "eager walks are outstanding walks");
        });
    }

    [Test]
    public void AddressIntroduced_BudgetSpent_WaitsForTheNextStep()
    {
        var overlay = new FakeOverlay();
        var introducer = overlay.AddPeer(1);
        var walk = new RandomWalk(overlay, new RandomWalkOptions { EagerWalks = 1, ResetChance = 256 });
        walk.TakeStep();
        overlay.AddWalkable(10, introducer);
        overlay.Clock.Advance(TimeSpan.Zero);
        overlay.AddWalkable(11, introducer);
        overlay.Clock.Advance(Tick);
        var beforeStep = overlay.Walks.ToList();

        walk.TakeStep(); // reset chance 256: the step itself asks for an introduction, and refills the budget
        overlay.AddWalkable(12, introducer);
        overlay.Clock.Advance(TimeSpan.Zero);

        Assert.Multiple(() =>
        {
            Assert.That(beforeStep, Is.EqualTo(new[] { FakeOverlay.Address(10) }), "address 11 came after the budget was spent");
            Assert.That(overlay.Walks, Is.EqualTo(new[] { FakeOverlay.Address(10), FakeOverlay.Address(12) }));
        });
    }

    [Test]
    public void AddressIntroduced_NoStepYet_DoesNotWalk()
    {
        // The walk loop steps a strategy only while its overlay is under the target; without a step there is no budget.
        var overlay = new FakeOverlay();
        var introducer = overlay.AddPeer(1);
        var walk = new RandomWalk(overlay, new RandomWalkOptions());

        overlay.AddWalkable(10, introducer);
        overlay.Clock.Advance(Tick);

        Assert.Multiple(() =>
        {
            Assert.That(overlay.Walks, Is.Empty);
            Assert.That(walk.EagerWalkCount, Is.Zero);
        });
    }

    [TestCase(0, 30, TestName = "AddressIntroduced_EagerWalksZero_WalksOnlyAtSteps")]
    [TestCase(4, 1, TestName = "AddressIntroduced_OverlayAtMaxPeers_DoesNotWalk")]
    public void AddressIntroduced_Disabled_DoesNotWalk(int eagerWalks, int maxPeers)
    {
        var overlay = new FakeOverlay { MaxPeers = maxPeers };
        var introducer = overlay.AddPeer(1);
        var walk = new RandomWalk(overlay, new RandomWalkOptions { EagerWalks = eagerWalks, ResetChance = 256 });
        walk.TakeStep();

        overlay.AddWalkable(10, introducer);
        overlay.Clock.Advance(Tick);

        Assert.Multiple(() =>
        {
            Assert.That(overlay.Walks, Is.Empty);
            Assert.That(walk.EagerWalkCount, Is.Zero);
        });
    }

    [Test]
    public void AddressIntroduced_AddressAlreadyKnownOrVerified_DoesNotWalk()
    {
        var overlay = new FakeOverlay();
        var introducer = overlay.AddPeer(1);
        overlay.AddPeer(2);
        overlay.AddWalkable(10, introducer);
        var walk = new RandomWalk(overlay, new RandomWalkOptions { ResetChance = 256 });
        walk.TakeStep();

        overlay.AddWalkable(10, introducer); // known before the step
        overlay.AddWalkable(2, introducer); // a verified peer's address
        overlay.Clock.Advance(Tick);

        Assert.That(overlay.Walks, Is.Empty);
    }

    [Test]
    public void TakeStep_EagerWalksOutstanding_DoNotFillTheWindow()
    {
        var overlay = new FakeOverlay();
        var introducer = overlay.AddPeer(1);
        var walk = new RandomWalk(overlay, new RandomWalkOptions { EagerWalks = 2, WindowSize = 1, ResetChance = 0 });
        walk.TakeStep();
        overlay.AddWalkable(10, introducer);
        overlay.AddWalkable(11, introducer);
        overlay.Clock.Advance(Tick);

        walk.TakeStep(); // both known addresses are outstanding eager walks: the step asks for an introduction

        Assert.Multiple(() =>
        {
            Assert.That(overlay.Walks, Has.Count.EqualTo(2));
            Assert.That(overlay.IntroductionRequests, Has.Count.EqualTo(2), "a window of 1 is not filled by eager walks");
            Assert.That(walk.OutstandingCount, Is.EqualTo(2));
        });
    }

    [Test]
    public void Validate_EagerWalksOutOfRange_NamesTheSetting()
    {
        var errors = new RandomWalkOptions { EagerWalks = 65 }.Validate();

        Assert.That(errors, Has.Count.EqualTo(1).And.Some.StartsWith("eager_walks"));
    }
}
