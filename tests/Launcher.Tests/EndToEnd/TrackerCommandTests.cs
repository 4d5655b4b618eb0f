namespace Launcher.Tests.EndToEnd;

/// <summary><c>launcher tracker --config FILE</c> as a process: the file's tracker section is validated like any configuration and used.</summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed class TrackerCommandTests : ScratchFolderFixture
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Test]
    public async Task Config_InvalidLimits_ExitsWithFileLineAndSetting()
    {
        await File.WriteAllTextAsync(Path.Combine(ScratchFolder, "bad.yaml"), "tracker:\n  limits:\n    max_peers: 0\n    requests_per_second: 5\n");
        using var deadline = new CancellationTokenSource(Deadline);
        using var tracker = CliProcess.Start("tracker", ScratchFolder, "tracker", "--config", "bad.yaml", "--duration", "10s");

        var exitCode = await tracker.WaitForExitAsync(deadline.Token);

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(2), tracker.Output());
            Assert.That(tracker.Output(), Does.Contain("bad.yaml:3").And.Contain("tracker.limits.max_peers"));
            Assert.That(tracker.Output(), Does.Contain("requests_per_second").And.Not.Contain("tracker listening"));
        });
    }

    [Test]
    public async Task Config_WithoutTrackerSection_ExitsWithError()
    {
        await File.WriteAllTextAsync(Path.Combine(ScratchFolder, "empty.yaml"), "walker_interval: 0.5\n");
        using var deadline = new CancellationTokenSource(Deadline);
        using var tracker = CliProcess.Start("tracker", ScratchFolder, "tracker", "--config", "empty.yaml", "--duration", "10s");

        Assert.Multiple(async () =>
        {
            Assert.That(await tracker.WaitForExitAsync(deadline.Token), Is.EqualTo(2), tracker.Output());
            Assert.That(tracker.Output(), Does.Contain("empty.yaml").And.Contain("no tracker section"));
        });
    }

    [Test]
    public async Task Config_ValidLimits_ListensOnTheFilesAddressAndPort()
    {
        await File.WriteAllTextAsync(Path.Combine(ScratchFolder, "tracker.yaml"),
            "tracker:\n  address: 127.0.0.1\n  port: 0\n  limits:\n    requests_per_second_per_address: 2\n    max_peers: 1000\n");
        using var deadline = new CancellationTokenSource(Deadline);
        using var tracker = CliProcess.Start("tracker", ScratchFolder, "tracker", "--config", "tracker.yaml", "--duration", "20s");

        var line = await tracker.WaitForLineAsync(l => l.StartsWith("tracker listening on ", StringComparison.Ordinal), deadline.Token);

        Assert.That(line, Does.StartWith("tracker listening on 127.0.0.1:").And.Not.EndWith(":8090").And.Not.EndWith(":0"), tracker.Output());
    }

    [Test]
    public async Task Config_ListenFlagsGiven_FlagsWinOverTheFile()
    {
        await File.WriteAllTextAsync(Path.Combine(ScratchFolder, "tracker.yaml"), "tracker:\n  address: 203.0.113.9\n  port: 9\n  limits: { max_peers: 10 }\n");
        using var deadline = new CancellationTokenSource(Deadline);
        using var tracker = CliProcess.Start("tracker", ScratchFolder, "tracker", "--config", "tracker.yaml", "--listen-address", "127.0.0.1", "--listen-port", "0", "--duration", "20s");

        var line = await tracker.WaitForLineAsync(l => l.StartsWith("tracker listening on ", StringComparison.Ordinal), deadline.Token);

        Assert.That(line, Does.StartWith("tracker listening on 127.0.0.1:").And.Not.EndWith(":9"), tracker.Output());
    }

    [Test]
    public async Task Report_HostileDatagrams_LinesCarryCountersAndTheStatusLogLineToo()
    {
        var report = Path.Combine(ScratchFolder, "tracker-report.jsonl");
        using var deadline = new CancellationTokenSource(Deadline);
        using var tracker = CliProcess.Start("tracker", ScratchFolder, "tracker", "--listen-address", "127.0.0.1", "--listen-port", "0",
            "--report", report, "--status-interval", "1s", "--duration", "4s");
        var line = await tracker.WaitForLineAsync(l => l.StartsWith("tracker listening on ", StringComparison.Ordinal), deadline.Token);
        var address = System.Net.IPEndPoint.Parse(line["tracker listening on ".Length..].Trim());
        using (var client = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0)))
        {
            // A prefix of garbage and an introduction-request id, with no payload behind it: malformed.
            var datagram = Enumerable.Repeat((byte)1, 40).ToArray();
            datagram[22] = 246;
            for (var i = 0; i < 5; i++)
            {
                await client.SendAsync(datagram, address, deadline.Token);
            }
        }

        var exitCode = await tracker.WaitForExitAsync(deadline.Token);
        var lines = await File.ReadAllLinesAsync(report, deadline.Token);
        var last = System.Text.Json.JsonDocument.Parse(lines[^1]).RootElement;
        var counters = last.GetProperty("counters");
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, tracker.Output());
            Assert.That(lines, Has.Length.GreaterThanOrEqualTo(3), "a line per second and a last one");
            Assert.That(last.GetProperty("overlay").GetString(), Is.EqualTo("tracker"));
            Assert.That(last.GetProperty("address").GetString(), Is.EqualTo(address.ToString()));
            Assert.That(counters.GetProperty("tracker_requests_received").GetInt64(), Is.Zero);
            Assert.That(counters.EnumerateObject().Where(c => !c.Name.StartsWith("tracker_", StringComparison.Ordinal) && !c.Name.StartsWith("limiter_", StringComparison.Ordinal)).Sum(c => c.Value.GetInt64()),
                Is.EqualTo(5), "the five short datagrams were dropped and counted by reason");
            Assert.That(tracker.Output(), Does.Contain("counters: ").And.Contain("=5"), "the status log line carries the counters");
        });
    }
}
