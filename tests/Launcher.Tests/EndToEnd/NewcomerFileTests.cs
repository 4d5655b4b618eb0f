using System.Text.RegularExpressions;

namespace Launcher.Tests.EndToEnd;

/// <summary>
/// A newcomer's files run as written, through the CLI as processes on 127.0.0.1: the README's deployment example
/// (with its tracker moved to loopback), a py-ipv8 configuration dictionary with one <c>GenericOverlay</c> under its own
/// key alias, and the repository's default <c>overlays.yaml</c>. None of them mentions the built-in DiscoveryLauncher,
/// so it must not run, and none needs to switch it off.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed partial class NewcomerFileTests : ScratchFolderFixture
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(40);

    [Test]
    public Task ReadmeDeploymentExample_TrackerOnLoopback_ValidatesPlansAndTwoPeersFindEachOther() =>
        TwoPeersFindEachOtherAsync("deployment.yaml", trackerPort => ReadmeDeploymentExample()
            .Replace("\"203.0.113.7\", 6421", $"\"127.0.0.1\", {trackerPort}", StringComparison.Ordinal)
            .Replace("ip: 0.0.0.0, port: 8090", "ip: 127.0.0.1, port: 0", StringComparison.Ordinal), expectedOverlay: "Chat");

    [Test]
    public Task PyIpv8StyleJson_OneGenericOverlayUnderItsOwnKey_ValidatesPlansAndTwoPeersFindEachOther() =>
        TwoPeersFindEachOtherAsync("py-ipv8.json", trackerPort => $$"""
            {
              "interfaces": [{ "interface": "UDPIPv4", "ip": "127.0.0.1", "port": 0 }],
              "keys": [{ "alias": "my peer", "generation": "curve25519", "file": "my_peer.pem" }],
              "logger": { "level": "WARNING" },
              "working_directory": ".",
              "walker_interval": 0.5,
              "overlays": [{
                "class": "GenericOverlay",
                "community_id": "6e6577636f6d65722070792d6970763820747374",
                "key": "my peer",
                "walkers": [{ "strategy": "RandomWalk", "peers": 20, "init": { "timeout": 3.0 } }],
                "bootstrappers": [{ "class": "DispersyBootstrapper", "init": { "ip_addresses": [["127.0.0.1", {{trackerPort}}]], "dns_addresses": [] } }],
                "initialize": {},
                "on_start": []
              }]
            }
            """, expectedOverlay: "GenericOverlay");

    [Test]
    public async Task DefaultOverlaysYaml_Run_DemoPeersFindEachOtherWithoutDiscoveryCommunity()
    {
        File.Copy(Path.Combine(TestContext.CurrentContext.TestDirectory, "Resources", "Repository", "overlays.yaml"), Path.Combine(ScratchFolder, "overlays.yaml"));
        var report = Path.Combine(ScratchFolder, "default.jsonl");
        using var deadline = new CancellationTokenSource(Deadline);
        using var run = CliProcess.Start("run (default)", ScratchFolder, "run", "--report", report, "--duration", "30s", "--quiet");
        try
        {
            while (!ReportLine.ReadAll(report).Any(l => l.Peers.Count >= 2))
            {
                Assert.That(run.HasExited, Is.False, () => "exited before the demo peers found each other\n" + run.Output());
                await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
            }

            Assert.That(ReportLine.ReadAll(report).Select(l => l.Overlay), Is.All.StartsWith("DemoOverlay#"), "the demo overlay of each instance, nothing else");
        }
        catch (OperationCanceledException exception)
        {
            Assert.Fail($"timed out: {exception.Message}\n{run.Output()}");
        }
    }

    /// <summary>
    /// Writes the file made by <paramref name="configFor"/> (given the tracker's port) into two folders (each peer gets its
    /// own key file), checks <c>validate</c> and <c>plan</c>, then runs both against a tracker process until their reports
    /// list each other.
    /// </summary>
    private async Task TwoPeersFindEachOtherAsync(string fileName, Func<int, string> configFor, string expectedOverlay)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var processes = new List<CliProcess>();
        try
        {
            var tracker = CliProcess.Start("tracker", ScratchFolder, "tracker", "--listen-port", "0", "--listen-address", "127.0.0.1", "--duration", "45s");
            processes.Add(tracker);
            var trackerPort = await ProcessWaits.ListeningPortAsync(tracker, "tracker listening on ", deadline.Token);
            var files = new[] { "a", "b" }.Select(peer =>
            {
                var folder = Directory.CreateDirectory(Path.Combine(ScratchFolder, peer)).FullName;
                var path = Path.Combine(folder, fileName);
                File.WriteAllText(path, configFor(trackerPort));
                return path;
            }).ToList();

            var validate = await RunToEndAsync("validate", deadline.Token, "validate", files[0]);
            var plan = await RunToEndAsync("plan", deadline.Token, "plan", files[0]);
            Assert.Multiple(() =>
            {
                Assert.That(validate, Does.Contain($"{files[0]}: valid (1 overlays to launch)"));
                Assert.That(plan, Does.Contain($"1. {expectedOverlay} (GenericOverlay) from {files[0]}:"));
                Assert.That(plan, Does.Contain("- DiscoveryLauncher (overlay DiscoveryCommunity, Launchers.Builtin): not used: not named by the overlays of"));
            });

            var reports = files.Select(f => Path.ChangeExtension(f, ".jsonl")).ToList();
            for (var i = 0; i < files.Count; i++)
            {
                processes.Add(CliProcess.Start($"run {i}", Path.GetDirectoryName(files[i])!, "run", files[i], "--report", reports[i], "--duration", "30s", "--quiet"));
            }

            var (a, b) = await ProcessWaits.UntilBothListEachOtherAsync(reports[0], reports[1], processes, deadline.Token);
            Assert.Multiple(() =>
            {
                Assert.That(new[] { a.Overlay, b.Overlay }, Is.All.EqualTo(expectedOverlay));
                Assert.That(a.Mid, Is.Not.EqualTo(b.Mid), "each folder has its own key file");
                Assert.That(ReportLine.ReadAll(reports[0]).Select(l => l.Overlay).Distinct(), Is.EqualTo(new[] { expectedOverlay }), "only the listed overlay runs");
            });
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
            Assert.Fail($"timed out: {exception.Message}\n{string.Join('\n', processes.Select(p => p.Output()))}");
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }

    private async Task<string> RunToEndAsync(string name, CancellationToken cancellationToken, params string[] arguments)
    {
        var process = CliProcess.Start(name, ScratchFolder, arguments);
        int exitCode;
        try
        {
            exitCode = await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            process.Dispose(); // drains the output, or kills the process when the deadline fired
        }

        var output = process.Output();
        Assert.That(exitCode, Is.Zero, output);
        return output;
    }

    /// <summary>The YAML block after the README's "deployment example" marker, without its DNS tracker (tests resolve no public names).</summary>
    private static string ReadmeDeploymentExample()
    {
        var readme = File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Resources", "Repository", "README.md"));
        var match = DeploymentBlock().Match(readme);
        Assert.That(match.Success, Is.True, "README.md has the deployment example after its marker");
        return string.Join('\n', match.Groups["yaml"].Value.Split('\n').Where(l => !l.Contains("dns_addresses", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"<!-- deployment example[^>]*-->\s*```yaml\n(?<yaml>.*?)```", RegexOptions.Singleline)]
    private static partial Regex DeploymentBlock();
}
