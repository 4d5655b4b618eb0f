using Ipv8.Discovery;
using Ipv8.Peers;

namespace Ipv8.Tests.Discovery;

public class RandomChurnTests
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    [Test]
    public void TakeStep_PeerWithFewRoundTripSamples_PingedOncePerPingInterval()
    {
        var overlay = new FakeOverlay();
        var peer = overlay.AddPeer(1);
        var churn = new RandomChurn(overlay, new RandomChurnOptions());
        var pingTimes = new List<double>();
        for (var i = 0; i <= 100; i++)
        {
            var before = overlay.Pings.Count;
            churn.TakeStep();
            if (overlay.Pings.Count > before)
            {
                pingTimes.Add(overlay.Clock.Elapsed.TotalSeconds);
            }

            overlay.Clock.Advance(Tick);
        }

        // A record older than ping_interval (strictly) is forgotten, so pings go out every 10.5 s.
        Assert.That(pingTimes, Is.EqualTo(new[] { 0, 10.5, 21, 31.5, 42 }));
        Assert.That(overlay.Pings, Is.All.SameAs(peer));
    }

    [Test]
    public void TakeStep_SilentPeer_PingedWhenInactiveAndDroppedAfterDropTime()
    {
        var overlay = new FakeOverlay();
        var silent = overlay.AddPeer(1);
        var active = overlay.AddPeer(2);
        FillPings(silent);
        FillPings(active);
        silent.LastResponse = overlay.TimeProvider.GetUtcNow();
        var churn = new RandomChurn(overlay, new RandomChurnOptions());
        double? firstPing = null, dropped = null;
        for (var i = 0; i <= 130 && dropped is null; i++)
        {
            active.LastResponse = overlay.TimeProvider.GetUtcNow();
            churn.TakeStep();
            firstPing ??= overlay.Pings.Count > 0 ? overlay.Clock.Elapsed.TotalSeconds : null;
            dropped ??= overlay.Network.GetVerifiedByAddress(silent.Address) is null ? overlay.Clock.Elapsed.TotalSeconds : null;
            overlay.Clock.Advance(Tick);
        }

        Assert.Multiple(() =>
        {
            Assert.That(firstPing, Is.EqualTo(28.0), "first step after inactive_time (27.5 s)");
            Assert.That(dropped, Is.EqualTo(58.0), "first step after drop_time (57.5 s)");
            Assert.That(overlay.Pings, Is.All.SameAs(silent), "the active peer is never pinged");
            Assert.That(overlay.Network.GetVerifiedByAddress(active.Address), Is.SameAs(active));
            Assert.That(churn.Dropped, Is.EqualTo(1));
        });
    }

    [Test]
    public void TakeStep_PeerThatNeverResponded_IsNeverDropped()
    {
        var overlay = new FakeOverlay();
        var peer = overlay.AddPeer(1);
        var churn = new RandomChurn(overlay, new RandomChurnOptions());
        for (var i = 0; i < 400; i++)
        {
            churn.TakeStep();
            overlay.Clock.Advance(Tick);
        }

        Assert.That(overlay.Network.GetVerifiedByAddress(peer.Address), Is.SameAs(peer));
    }

    [Test]
    public void TakeStep_ManyPeers_SamplesAtMostSampleSizeDistinctPeers()
    {
        var overlay = new FakeOverlay();
        for (var i = 0; i < 40; i++)
        {
            overlay.AddPeer(i);
        }

        var churn = new RandomChurn(overlay, new RandomChurnOptions { SampleSize = 8 });
        churn.TakeStep();

        Assert.That(overlay.Pings.Distinct().Count(), Is.EqualTo(8));
    }

    [Test]
    public void Constructor_OverlayWithoutPing_Throws()
        => Assert.Throws<ArgumentException>(() => _ = new RandomChurn(new PlainFakeOverlay(new FakeOverlay()), new RandomChurnOptions()));

    [Test]
    public void Validate_DropTimeBelowInactiveTime_IsAnError()
        => Assert.That(new RandomChurnOptions { DropTime = TimeSpan.FromSeconds(10) }.Validate(), Has.One.StartsWith("drop_time"));

    private static void FillPings(Peer peer)
    {
        for (var i = 0; i < Peer.MaxPings; i++)
        {
            peer.AddPing(TimeSpan.FromMilliseconds(50));
        }
    }
}
