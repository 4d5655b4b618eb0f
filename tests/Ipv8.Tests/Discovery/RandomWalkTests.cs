using Ipv8.Discovery;

namespace Ipv8.Tests.Discovery;

public class RandomWalkTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    [Test]
    public void TakeStep_NoWalkableAddresses_AsksForIntroduction()
    {
        var overlay = new FakeOverlay();
        var walk = new RandomWalk(overlay, new RandomWalkOptions());

        walk.TakeStep();

        Assert.Multiple(() =>
        {
            Assert.That(overlay.IntroductionRequests, Has.Count.EqualTo(1));
            Assert.That(overlay.Walks, Is.Empty);
        });
    }

    [Test]
    public void TakeStep_ResetChanceZero_WalksToDistinctAddressesUntilWindowIsFull()
    {
        var overlay = new FakeOverlay();
        var introducer = overlay.AddPeer(1);
        for (var i = 10; i < 20; i++)
        {
            overlay.AddWalkable(i, introducer);
        }

        var walk = new RandomWalk(overlay, new RandomWalkOptions { ResetChance = 0, WindowSize = 3 });
        for (var i = 0; i < 5; i++)
        {
            walk.TakeStep();
            overlay.Clock.Advance(Tick);
        }

        Assert.Multiple(() =>
        {
            Assert.That(overlay.Walks, Has.Count.EqualTo(3), "window of 3: steps 4 and 5 do nothing");
            Assert.That(overlay.Walks.Distinct().Count(), Is.EqualTo(3), "outstanding addresses are not walked to again");
            Assert.That(overlay.IntroductionRequests, Is.Empty);
            Assert.That(walk.OutstandingCount, Is.EqualTo(3));
        });
    }

    [Test]
    public void TakeStep_WalkTimedOut_RemovesUnansweredAddressButKeepsVerifiedOne()
    {
        var overlay = new FakeOverlay();
        var introducer = overlay.AddPeer(1);
        overlay.AddWalkable(10, introducer);
        var walk = new RandomWalk(overlay, new RandomWalkOptions { ResetChance = 0 });
        walk.TakeStep();
        overlay.AddWalkable(11, introducer);
        walk.TakeStep();
        var answered = overlay.Walks[1] == FakeOverlay.Address(11) ? 11 : 10;
        var unanswered = answered == 11 ? 10 : 11;
        overlay.AddPeer(answered);

        overlay.Clock.Advance(TimeSpan.FromSeconds(3));
        walk.TakeStep();
        var afterExactTimeout = (walk.IsOutstanding(FakeOverlay.Address(10)), walk.IsOutstanding(FakeOverlay.Address(11)));
        overlay.Clock.Advance(Tick);
        walk.TakeStep();

        Assert.Multiple(() =>
        {
            Assert.That(afterExactTimeout, Is.EqualTo((true, true)), "a walk is forgotten only after more than the timeout");
            Assert.That(overlay.Network.IsKnownAddress(FakeOverlay.Address(unanswered)), Is.False, "unanswered address removed");
            Assert.That(overlay.Network.GetVerifiedByAddress(FakeOverlay.Address(answered)), Is.Not.Null, "verified peer kept");
            Assert.That(walk.IsOutstanding(FakeOverlay.Address(unanswered)), Is.False);
        });
    }

    [Test]
    public void TakeStep_DefaultResetChance_AsksForIntroductionAboutFiftyIn256Times()
    {
        var overlay = new FakeOverlay(seed: 42);
        var introducer = overlay.AddPeer(1);
        for (var i = 10; i < 2010; i++)
        {
            overlay.AddWalkable(i, introducer);
        }

        var walk = new RandomWalk(overlay, new RandomWalkOptions { WindowSize = 0 });
        for (var i = 0; i < 1000; i++)
        {
            walk.TakeStep();
        }

        var ratio = overlay.IntroductionRequests.Count / 1000.0;
        Assert.Multiple(() =>
        {
            Assert.That(overlay.Walks.Count + overlay.IntroductionRequests.Count, Is.EqualTo(1000));
            Assert.That(ratio, Is.InRange(0.15, 0.24), "expected 50/256 = 0.195");
        });
    }

    [Test]
    public void TakeStep_ResetChance256_NeverWalksToKnownAddresses()
    {
        var overlay = new FakeOverlay();
        var introducer = overlay.AddPeer(1);
        overlay.AddWalkable(10, introducer);
        var walk = new RandomWalk(overlay, new RandomWalkOptions { ResetChance = 256 });
        for (var i = 0; i < 50; i++)
        {
            walk.TakeStep();
        }

        Assert.That((overlay.Walks.Count, overlay.IntroductionRequests.Count), Is.EqualTo((0, 50)));
    }

    [Test]
    public void TakeStep_TargetInterval_SkipsStepsUntilIntervalHasPassed()
    {
        var overlay = new FakeOverlay();
        var walk = new RandomWalk(overlay, new RandomWalkOptions { TargetInterval = TimeSpan.FromSeconds(2) });
        for (var i = 0; i < 11; i++)
        {
            walk.TakeStep();
            overlay.Clock.Advance(Tick);
        }

        // Steps at 0, 0.5, ..., 5.0 s; a step acts only when more than 2 s passed since the last acting one: 0, 2.5, 5.0.
        Assert.That(overlay.IntroductionRequests, Has.Count.EqualTo(3));
    }

    [Test]
    public void Validate_OutOfRangeSettings_ListsEverySettingByPyIpv8Name()
    {
        var options = new RandomWalkOptions { Timeout = TimeSpan.Zero, WindowSize = -1, ResetChance = 300, TargetInterval = TimeSpan.FromSeconds(-1) };

        var errors = options.Validate();

        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Count.EqualTo(4));
            Assert.That(errors[0], Does.StartWith("timeout must be greater than 0"));
            Assert.That(errors[1], Does.StartWith("window_size"));
            Assert.That(errors[2], Does.StartWith("reset_chance must be between 0 and 256"));
            Assert.That(errors[3], Does.StartWith("target_interval"));
            Assert.That(new RandomWalkOptions().Validate(), Is.Empty);
        });
    }

    [Test]
    public void Constructor_InvalidOptions_ThrowsWithPropertyName()
    {
        var overlay = new FakeOverlay();

        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RandomWalk(overlay, new RandomWalkOptions { ResetChance = -1 }));

        Assert.That(ex!.ParamName, Is.EqualTo(nameof(RandomWalkOptions.ResetChance)));
    }
}
