using Ipv8.Discovery;

namespace Ipv8.Tests.Discovery;

public class PingChurnTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    [Test]
    public void TakeStep_AnsweringPeer_PingedEveryIntervalAndKept()
    {
        var overlay = new FakeOverlay();
        var peer = overlay.AddPeer(1);
        var churn = new PingChurn(overlay, new PingChurnOptions());
        for (var i = 0; i <= 240; i++)
        {
            peer.LastResponse = overlay.TimeProvider.GetUtcNow();
            churn.TakeStep();
            overlay.Clock.Advance(Tick);
        }

        Assert.Multiple(() =>
        {
            Assert.That(overlay.Pings, Has.Count.EqualTo(5), "pings at 0, 25, 50, 75, 100 s");
            Assert.That(overlay.Network.GetVerifiedByAddress(peer.Address), Is.SameAs(peer));
        });
    }

    [Test]
    public void TakeStep_SilentPeer_RemovedAfterDropTimeSinceFirstUnansweredPing()
    {
        var overlay = new FakeOverlay();
        var silent = overlay.AddPeer(1);
        var churn = new PingChurn(overlay, new PingChurnOptions());
        double? dropped = null;
        for (var i = 0; i <= 240 && dropped is null; i++)
        {
            churn.TakeStep();
            dropped ??= overlay.Network.GetVerifiedByAddress(silent.Address) is null ? overlay.Clock.Elapsed.TotalSeconds : null;
            overlay.Clock.Advance(Tick);
        }

        Assert.Multiple(() =>
        {
            Assert.That(dropped, Is.EqualTo(58.0), "first ping at 0 s, dropped at the first step more than 57.5 s later");
            Assert.That(churn.Dropped, Is.EqualTo(1));
            Assert.That(overlay.Pings, Has.Count.EqualTo(3), "pings at 0, 25 and 50 s");
        });
    }

    [Test]
    public void Constructor_OverlayWithoutPing_Throws()
        => Assert.Throws<ArgumentException>(() => _ = new PingChurn(new PlainFakeOverlay(new FakeOverlay()), new PingChurnOptions()));
}
