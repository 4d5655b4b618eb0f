using Spectre.Console;
using Spectre.Console.Rendering;

namespace Launcher.Cli.Tests;

[TestFixture]
public sealed class LiveTableTests
{
    private static readonly DateTimeOffset Time = new(2025, 3, 1, 14, 5, 1, TimeSpan.Zero);

    [Test]
    public void Build_OverlaysAndTracker_OneRowPerOverlayAndTheTrackerLine()
    {
        var status = new RunStatus(
            Time,
            [
                new OverlayStatus("Demo#0", "127.0.0.1:40001", 4, 5, new TrafficCounts(0, 0, 7), new TrafficRates(12, 11)),
                new OverlayStatus("Demo#1", "127.0.0.1:40002", 3, 2, new TrafficCounts(0, 0, 0), null),
            ],
            new TrackerStatus("127.0.0.1:18090", 2, 1, new TrafficCounts(0, 0, 1), new TrafficRates(6, 6)));

        var text = Render(LiveTable.Build(status));
        var lines = text.Split('\n');

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("14:05:01"));
            Assert.That(lines.Count(l => l.Contains("overlay", StringComparison.Ordinal) && l.Contains("in/s", StringComparison.Ordinal)), Is.EqualTo(1), text);
            Assert.That(lines.Single(l => l.Contains("Demo#0", StringComparison.Ordinal)), Does.Match(@"127\.0\.0\.1:40001\D+4\D+5\D+12\D+11\D+7\D*$"));
            Assert.That(lines.Single(l => l.Contains("Demo#1", StringComparison.Ordinal)), Does.Match(@"127\.0\.0\.1:40002\D+3\D+2\D+-\D+-\D+0\D*$"), "not measured yet: dashes");
            Assert.That(text, Does.Contain("tracker 127.0.0.1:18090: 2 peers, 1 communities, in 6/s, out 6/s, drops 1"));
        });
    }

    [Test]
    public void Build_NameLooksLikeMarkup_ShownAsText()
    {
        var status = new RunStatus(Time, [new OverlayStatus("[red]x[/]", "127.0.0.1:1", 0, 0, default, null)], null);

        Assert.That(Render(LiveTable.Build(status)), Does.Contain("[red]x[/]"));
    }

    [Test]
    public void Build_NoTracker_NoTrackerLine()
    {
        var status = new RunStatus(Time, [new OverlayStatus("A", "127.0.0.1:1", 0, 0, default, null)], null);

        Assert.That(Render(LiveTable.Build(status)), Does.Not.Contain("tracker"));
    }

    private static string Render(IRenderable view)
    {
        using var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 120;
        console.Write(view);
        return writer.ToString();
    }
}
