namespace Launcher.Tests.EndToEnd;

/// <summary><c>launcher tracker --config FILE</c> as a process: the file's tracker section is validated like any configuration and used.</summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed class TrackerCommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private string _directory = "";

    [SetUp]
    public void CreateDirectory()
    {
        _directory = Path.Combine(Path.GetTempPath(), "launcher-tracker-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Config_InvalidLimits_ExitsWithFileLineAndSetting()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "bad.yaml"), "tracker:\n  limits:\n    max_peers: 0\n    requests_per_second: 5\n");
        using var deadline = new CancellationTokenSource(Deadline);
        using var tracker = CliProcess.Start("tracker", _directory, "tracker", "--config", "bad.yaml", "--duration", "10s");

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
        await File.WriteAllTextAsync(Path.Combine(_directory, "empty.yaml"), "walker_interval: 0.5\n");
        using var deadline = new CancellationTokenSource(Deadline);
        using var tracker = CliProcess.Start("tracker", _directory, "tracker", "--config", "empty.yaml", "--duration", "10s");

        Assert.Multiple(async () =>
        {
            Assert.That(await tracker.WaitForExitAsync(deadline.Token), Is.EqualTo(2), tracker.Output());
            Assert.That(tracker.Output(), Does.Contain("empty.yaml").And.Contain("no tracker section"));
        });
    }

    [Test]
    public async Task Config_ValidLimits_ListensOnTheFilesAddressAndPort()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "tracker.yaml"),
            "tracker:\n  address: 127.0.0.1\n  port: 0\n  limits:\n    requests_per_second_per_address: 2\n    max_peers: 1000\n");
        using var deadline = new CancellationTokenSource(Deadline);
        using var tracker = CliProcess.Start("tracker", _directory, "tracker", "--config", "tracker.yaml", "--duration", "20s");

        var line = await tracker.WaitForLineAsync(l => l.StartsWith("tracker listening on ", StringComparison.Ordinal), deadline.Token);

        Assert.That(line, Does.StartWith("tracker listening on 127.0.0.1:").And.Not.EndWith(":8090").And.Not.EndWith(":0"), tracker.Output());
    }

    [Test]
    public async Task Config_ListenFlagsGiven_FlagsWinOverTheFile()
    {
        await File.WriteAllTextAsync(Path.Combine(_directory, "tracker.yaml"), "tracker:\n  address: 203.0.113.9\n  port: 9\n  limits: { max_peers: 10 }\n");
        using var deadline = new CancellationTokenSource(Deadline);
        using var tracker = CliProcess.Start("tracker", _directory, "tracker", "--config", "tracker.yaml", "--listen-address", "127.0.0.1", "--listen-port", "0", "--duration", "20s");

        var line = await tracker.WaitForLineAsync(l => l.StartsWith("tracker listening on ", StringComparison.Ordinal), deadline.Token);

        Assert.That(line, Does.StartWith("tracker listening on 127.0.0.1:").And.Not.EndWith(":9"), tracker.Output());
    }
}
