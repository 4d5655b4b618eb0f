namespace Launcher.Cli.Tests;

[TestFixture]
public sealed class PlainStatusFormatTests
{
    private static readonly DateTimeOffset Time = new(2025, 3, 1, 14, 5, 1, TimeSpan.Zero);

    [Test]
    public void Overlay_MeasuredRates_OneKeyValueLine()
    {
        var line = PlainStatusFormat.Overlay(Time, new OverlayStatus("DemoOverlay#2", "127.0.0.1:40123", 4, 5, new TrafficCounts(900, 800, 3), new TrafficRates(12.4, 10.5)));

        Assert.That(line, Is.EqualTo("14:05:01 overlay=DemoOverlay#2 address=127.0.0.1:40123 peers=4 walkable=5 in=12/s out=11/s drops=3"));
    }

    [Test]
    public void Overlay_NotMeasuredYet_RatesAreDashes()
    {
        var line = PlainStatusFormat.Overlay(Time, new OverlayStatus("A", "127.0.0.1:1", 0, 0, new TrafficCounts(0, 0, 0), null));

        Assert.That(line, Does.EndWith(" in=-/s out=-/s drops=0"));
    }

    [Test]
    public void Tracker_OneKeyValueLine()
    {
        var line = PlainStatusFormat.Tracker(Time, new TrackerStatus("127.0.0.1:18090", 5, 1, new TrafficCounts(10, 10, 2), new TrafficRates(9.5, 0.4)));

        Assert.That(line, Is.EqualTo("14:05:01 tracker address=127.0.0.1:18090 peers=5 communities=1 in=10/s out=0/s drops=2"));
    }

    [Test]
    public void Lines_TwoOverlaysAndTracker_OneLineEachInOrder()
    {
        var status = new RunStatus(
            Time,
            [
                new OverlayStatus("A#0", "127.0.0.1:1", 1, 1, default, new TrafficRates(1, 1)),
                new OverlayStatus("A#1", "127.0.0.1:2", 2, 2, default, new TrafficRates(2, 2)),
            ],
            new TrackerStatus("127.0.0.1:3", 2, 1, default, new TrafficRates(3, 3)));

        var lines = PlainStatusFormat.Lines(status).ToList();

        Assert.That(lines.Select(l => l.Split(' ')[1]), Is.EqualTo(new[] { "overlay=A#0", "overlay=A#1", "tracker" }));
    }

    [Test]
    public void Lines_NoTracker_OnlyOverlays()
    {
        var status = new RunStatus(Time, [new OverlayStatus("A", "127.0.0.1:1", 0, 0, default, null)], null);

        Assert.That(PlainStatusFormat.Lines(status).ToList(), Has.Count.EqualTo(1));
    }

    [TestCase(0.49, "0")]
    [TestCase(0.5, "1")]
    [TestCase(2.5, "3")]
    [TestCase(1234.6, "1235")]
    public void Rate_RoundsHalfAwayFromZero(double perSecond, string expected) =>
        Assert.That(PlainStatusFormat.Rate(perSecond), Is.EqualTo(expected));
}
