using System.Globalization;

namespace Launcher.Tests.EndToEnd;

/// <summary>
/// Warm restarts and graceful termination as processes on 127.0.0.1: two <c>launcher run</c> processes meet through a
/// <c>launcher tracker</c> process; one is stopped with SIGTERM (exit 0 within a bound, its peer cache written, mode 0600);
/// the tracker stops; the stopped process starts again and finds the other through its cache alone.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed class WarmRestartProcessTests : ScratchFolderFixture
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>How long a SIGTERM'd process may take to drain (the host's shutdown timeout is below it).</summary>
    private static readonly TimeSpan DrainBound = TimeSpan.FromSeconds(10);

    private const string CommunityId = "4c61756e63686572207761726d20726573746172"; // "Launcher warm restar", 20 bytes

    [Test]
    public async Task RunProcess_SigtermThenTrackerGone_ExitsCleanlyWritesCacheAndRejoinsOnRestart()
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var processes = new List<CliProcess>();
        string? failure = null;
        var folderA = Path.Combine(ScratchFolder, "a");
        var folderB = Path.Combine(ScratchFolder, "b");
        Directory.CreateDirectory(folderA);
        Directory.CreateDirectory(folderB);
        try
        {
            var tracker = CliProcess.Start("tracker", ScratchFolder, "tracker", "--listen-port", "0", "--listen-address", "127.0.0.1", "--duration", "60s");
            processes.Add(tracker);
            var trackerPort = await ProcessWaits.ListeningPortAsync(tracker, "tracker listening on ", deadline.Token);
            await File.WriteAllTextAsync(Path.Combine(folderA, "a.yaml"), Config("WarmAlpha", trackerPort), deadline.Token);
            await File.WriteAllTextAsync(Path.Combine(folderB, "b.yaml"), Config("WarmBravo", trackerPort), deadline.Token);
            var reportA = Path.Combine(folderA, "a.jsonl");
            var reportB = Path.Combine(folderB, "b.jsonl");
            var runA = CliProcess.Start("run A", folderA, "run", "a.yaml", "--report", reportA, "--duration", "60s", "--quiet");
            processes.Add(runA);
            var runB = CliProcess.Start("run B", folderB, "run", "b.yaml", "--report", reportB, "--duration", "60s", "--quiet");
            processes.Add(runB);
            await ProcessWaits.UntilBothListEachOtherAsync(reportA, reportB, processes, deadline.Token);

            if (!await runA.TerminateAsync(deadline.Token))
            {
                Assert.Ignore("SIGTERM cannot be sent here (no kill command)");
            }

            using var drain = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);
            drain.CancelAfter(DrainBound);
            var exitCode = await runA.WaitForExitAsync(drain.Token);
            var cache = Path.Combine(folderA, "peers.WarmAlpha.json");
            Assert.Multiple(() =>
            {
                Assert.That(exitCode, Is.Zero, runA.Output());
                Assert.That(File.Exists(cache), Is.True, "the peer cache was written while draining");
            });
            if (!OperatingSystem.IsWindows())
            {
                Assert.That(File.GetUnixFileMode(cache), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            }

            tracker.Dispose();
            processes.Remove(tracker);
            File.Delete(reportA);
            var again = CliProcess.Start("run A again", folderA, "run", "a.yaml", "--report", reportA, "--duration", "40s", "--quiet");
            processes.Remove(runA);
            runA.Dispose();
            processes.Add(again);

            var (a, b) = await ProcessWaits.UntilBothListEachOtherAsync(reportA, reportB, processes, deadline.Token);
            Assert.Multiple(() =>
            {
                Assert.That(a.Lists(b), Is.True, "the restarted A found B without a tracker");
                Assert.That(b.Lists(a), Is.True, "B knows the restarted A");
            });
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException)
        {
            failure = $"timed out: {exception.Message}";
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }

        if (failure is not null)
        {
            Assert.Fail($"{failure}\n{string.Join('\n', processes.Select(p => p.Output()))}");
        }
    }

    private static string Config(string overlay, int trackerPort) => string.Create(CultureInfo.InvariantCulture, $"""
        interfaces:
          - interface: UDPIPv4
            ip: 127.0.0.1
            port: 0
        keys:
          - alias: warm
            generation: curve25519
            ephemeral: true
        logger:
          level: WARNING
        walker_interval: 0.3
        overlays:
          - name: {overlay}
            class: GenericOverlay
            community_id: {CommunityId}
            key: warm
            walkers:
              - strategy: RandomWalk
                peers: 10
                init:
                  timeout: 3.0
            bootstrappers:
              - class: DispersyBootstrapper
                init:
                  ip_addresses: [["127.0.0.1", {trackerPort}]]
                  bootstrap_timeout: 5.0
        """);
}
