namespace Launcher.Web.Tests;

/// <summary>
/// The dashboard in a real browser: headless Chromium (Debian's <c>chromium</c>, installed by <c>.ci/run</c>) opens it
/// against a running node; the peer count appears (0 before the overlays start) and grows as the instances meet.
/// A screenshot is attached to the test's output.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DashboardBrowserTests
{
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Dashboard_InHeadlessChromium_PeerCountAppearsAndGrowsAsPeersJoin()
    {
        if (!File.Exists(HeadlessChromium.DefaultPath))
        {
            Assert.Ignore($"{HeadlessChromium.DefaultPath} is missing: install Debian's chromium package (.ci/run does) to run the browser test");
        }

        await using var node = await RunningNode.StartAsync(instances: 3, startLauncher: false, options: RunningNode.KeyedOptions, walkerInterval: TimeSpan.FromSeconds(0.5));
        using var browser = await HeadlessChromium.StartAsync(HeadlessChromium.DefaultPath, new Uri(node.Server.Address!, "/"), BrowserTimeout);

        var before = await browser.WaitForAsync(
            "document.getElementById('status').textContent === 'live' ? document.getElementById('peer-count').textContent : null", BrowserTimeout);
        Assert.That(before, Is.EqualTo("0"), "the page is live before any overlay runs");

        await node.Launcher.StartAsync();
        // Three instances that all met: each knows the other two.
        var after = await browser.WaitForAsync(
            "(() => { const n = Number(document.getElementById('peer-count').textContent); return n >= 6 ? String(n) : null; })()", BrowserTimeout);
        var overlays = await browser.WaitForAsync("document.getElementById('overlay-count').textContent", BrowserTimeout);
        var graphNodes = await browser.WaitForAsync("String(document.querySelectorAll('#graph circle').length)", BrowserTimeout);
        var tracker = await browser.WaitForAsync("document.querySelector('#tracker tbody td') ? document.querySelector('#tracker tbody td').textContent : null", BrowserTimeout);

        // The rates chart needs a few events of history to show more than a point.
        var seen = await browser.WaitForAsync("document.body.dataset.events", BrowserTimeout);
        await browser.WaitForAsync($"Number(document.body.dataset.events) >= {int.Parse(seen, System.Globalization.CultureInfo.InvariantCulture) + 6} ? 'yes' : null", BrowserTimeout);
        var screenshot = Path.Combine(TestContext.CurrentContext.WorkDirectory, "dashboard.png");
        await File.WriteAllBytesAsync(screenshot, await browser.ScreenshotAsync(BrowserTimeout));
        TestContext.AddTestAttachment(screenshot, "The dashboard with three instances that met through the hosted tracker");

        Assert.Multiple(() =>
        {
            Assert.That(int.Parse(after, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(6));
            Assert.That(overlays, Is.EqualTo("3"));
            Assert.That(graphNodes, Is.EqualTo("3"), "the graph's nodes: the three instances, each the others' peer");
            Assert.That(tracker, Is.EqualTo("4c61756e63686572207765622074657374206f76"), "the hosted tracker's community");
        });
    }
}
