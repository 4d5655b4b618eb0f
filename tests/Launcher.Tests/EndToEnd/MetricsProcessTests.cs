using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Launcher.Tests.EndToEnd;

/// <summary><c>launcher run --metrics 127.0.0.1:PORT</c> as a process: <c>/metrics</c> serves the runtime's instruments in Prometheus text format.</summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed class MetricsProcessTests : ScratchFolderFixture
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    [Test]
    public async Task Metrics_LoopbackPort_ServesCommunityAndEndpointInstrumentsWithValues()
    {
        // The demo configuration (in-process tracker, five instances), its tracker moved off the fixed demo port so other
        // test processes running the demo at the same time do not collide with it.
        var demo = await File.ReadAllTextAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Resources", "Repository", "overlays.yaml"));
        Assert.That(demo, Does.Contain("18090"), "the demo's tracker port");
        await File.WriteAllTextAsync(Path.Combine(ScratchFolder, "overlays.yaml"), demo.Replace("18090", FreeUdpPort().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        var port = FreeTcpPort();
        using var deadline = new CancellationTokenSource(Deadline);
        using var run = CliProcess.Start("run", ScratchFolder, "run", "--metrics", $"127.0.0.1:{port}", "--port", "0", "--duration", "30s", "--quiet", "--no-peer-cache");
        try
        {
            await run.WaitForLineAsync(l => l.StartsWith("launcher: listening ", StringComparison.Ordinal), deadline.Token);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            string text;
            long packetsIn;
            do
            {
                // The demo's instances walk to each other through the in-process tracker: wait until traffic is counted.
                await Task.Delay(TimeSpan.FromMilliseconds(300), deadline.Token);
                text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), deadline.Token);
                packetsIn = Samples(text, "endpoint_packets_in").Sum();
            }
            while (packetsIn == 0);

            Assert.Multiple(() =>
            {
                Assert.That(Samples(text, "bad_signature"), Is.Not.Empty, "the community counters are exported");
                Assert.That(Regex.IsMatch(text, @"^# TYPE \w+ counter$", RegexOptions.Multiline), Is.True, "Prometheus text format");
                Assert.That(text, Does.Contain("community=\"GenericOverlay\""), "measurements carry the overlay's tags");
                Assert.That(packetsIn, Is.GreaterThan(0));
            });
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException)
        {
            Assert.Fail($"no metrics: {exception.Message}\n{run.Output()}");
        }
    }

    [Test]
    public async Task Metrics_NonLoopbackAddress_RefusedWithExitCode2()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        using var run = CliProcess.Start("run", ScratchFolder, "run", "--metrics", "0.0.0.0:9464", "--duration", "5s", "--quiet", "--no-peer-cache");
        var exitCode = await run.WaitForExitAsync(deadline.Token);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2), run.Output());
            Assert.That(run.Output(), Does.Contain("--metrics:").And.Contain("loopback"));
        });
    }

    /// <summary>The values of every sample of the counter <paramref name="name"/> (exported as <c>NAME_total</c>).</summary>
    private static List<long> Samples(string text, string name) =>
        [.. text.Split('\n')
            .Where(l => l.StartsWith(name + "_total{", StringComparison.Ordinal) || l.StartsWith(name + "{", StringComparison.Ordinal))
            .Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture))];

    private static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    private static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
