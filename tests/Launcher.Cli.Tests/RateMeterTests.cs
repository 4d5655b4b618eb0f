namespace Launcher.Cli.Tests;

[TestFixture]
public sealed class RateMeterTests
{
    [Test]
    public void Update_FirstReading_HasNoRate()
    {
        var meter = new RateMeter();

        Assert.That(meter.Update("A", new TrafficCounts(10, 10, 0), TimeSpan.FromSeconds(1)), Is.Null);
    }

    [Test]
    public void Update_SuccessiveReadings_RatesFromEachDelta()
    {
        var meter = new RateMeter();
        meter.Update("A", new TrafficCounts(10, 4, 0), TimeSpan.FromSeconds(1));

        var second = meter.Update("A", new TrafficCounts(30, 10, 0), TimeSpan.FromSeconds(2));
        var third = meter.Update("A", new TrafficCounts(33, 10, 0), TimeSpan.FromSeconds(4));

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(new TrafficRates(20, 6)));
            Assert.That(third, Is.EqualTo(new TrafficRates(1.5, 0)));
        });
    }

    [Test]
    public void Update_KeysAreSeparateSeries()
    {
        var meter = new RateMeter();
        meter.Update("A", new TrafficCounts(0, 0, 0), TimeSpan.FromSeconds(1));
        meter.Update("B", new TrafficCounts(100, 100, 0), TimeSpan.FromSeconds(1));

        var a = meter.Update("A", new TrafficCounts(7, 1, 0), TimeSpan.FromSeconds(2));
        var b = meter.Update("B", new TrafficCounts(102, 109, 0), TimeSpan.FromSeconds(2));

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(new TrafficRates(7, 1)));
            Assert.That(b, Is.EqualTo(new TrafficRates(2, 9)));
        });
    }

    [Test]
    public void Update_KeyFirstSeenAfterAnEarlierSample_MeasuredFromZeroAtThatSample()
    {
        var meter = new RateMeter();
        meter.Update("A", new TrafficCounts(0, 0, 0), TimeSpan.FromSeconds(1));
        meter.Update("A", new TrafficCounts(0, 0, 0), TimeSpan.FromSeconds(3));

        // The tracker started between the readings at 1 s and 3 s: its counters count from zero since then.
        var tracker = meter.Update("tracker ", new TrafficCounts(8, 4, 0), TimeSpan.FromSeconds(3));

        Assert.That(tracker, Is.EqualTo(new TrafficRates(4, 2)));
    }
}
