namespace Launcher.Cli.Tests;

[TestFixture]
public sealed class TrafficRatesTests
{
    [Test]
    public void Between_OneSecondApart_IsTheDelta()
    {
        var rates = TrafficRates.Between(new TrafficCounts(100, 40, 0), new TrafficCounts(112, 51, 3), TimeSpan.FromSeconds(1));

        Assert.That(rates, Is.EqualTo(new TrafficRates(12, 11)));
    }

    [Test]
    public void Between_HalfASecondApart_DividesByTheElapsedTime()
    {
        var rates = TrafficRates.Between(new TrafficCounts(0, 0, 0), new TrafficCounts(5, 3, 0), TimeSpan.FromMilliseconds(500));

        Assert.That(rates, Is.EqualTo(new TrafficRates(10, 6)));
    }

    [Test]
    public void Between_NoTimeElapsed_IsZero()
    {
        var rates = TrafficRates.Between(new TrafficCounts(0, 0, 0), new TrafficCounts(5, 3, 0), TimeSpan.Zero);

        Assert.That(rates, Is.EqualTo(new TrafficRates(0, 0)));
    }

    [Test]
    public void Between_CounterWentBackwards_IsZeroNotNegative()
    {
        var rates = TrafficRates.Between(new TrafficCounts(50, 50, 0), new TrafficCounts(10, 60, 0), TimeSpan.FromSeconds(2));

        Assert.That(rates, Is.EqualTo(new TrafficRates(0, 5)));
    }
}
