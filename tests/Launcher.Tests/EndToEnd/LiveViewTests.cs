using System.Globalization;
using System.Text.RegularExpressions;

namespace Launcher.Tests.EndToEnd;

/// <summary>
/// What <c>launcher run</c> shows while it runs: plain lines (one per overlay and one for the hosted tracker per
/// second) when its output is redirected, and one table redrawn in place on a pseudo-terminal (<c>script</c>).
/// </summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed partial class LiveViewTests : ScratchFolderFixture
{
    /// <summary>Bounds each run (it stops by itself after --duration).</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(40);

    /// <summary>The table's header row as Spectre.Console draws it (box characters around the first column).</summary>
    private const string TableHeader = "│ overlay ";

    [Test]
    public async Task Run_OutputRedirected_PrintsOnePlainLinePerOverlayAndTrackerPerInterval()
    {
        var dotnet = DotnetOrIgnore();
        var config = await WriteConfigAsync("E2EPlain");

        var run = await ProcessRun.RunAsync(dotnet, [CliProcess.CliPath, "run", config, "--duration", "3.5s"], ScratchFolder, ChildEnvironment(), Timeout);

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var kinds = lines.Select(Kind).ToList();
        var status = string.Concat(kinds.Where(k => k is '0' or '1' or 't'));
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Everything);
            Assert.That(kinds, Has.None.EqualTo('?'), $"every line is the start-up line or a plain status line\n{run.Everything}");
            Assert.That(kinds.Count(k => k == 'L'), Is.EqualTo(1), "the start-up line once");
            Assert.That(status, Does.Match("^(01t?)+$"), $"per interval: instance 0, instance 1, then the tracker\n{run.Everything}");
            Assert.That(kinds.Count(k => k == '0'), Is.GreaterThanOrEqualTo(2), $"a line per overlay every second for 3.5 s\n{run.Everything}");
            Assert.That(kinds.Count(k => k == 't'), Is.GreaterThanOrEqualTo(1), $"the hosted tracker's line\n{run.Everything}");
            Assert.That(run.Output, Does.Not.Contain("│").And.Not.Contain("\u001b"), "no table, no escape sequences");
        });
    }

    [Test]
    public async Task Run_PseudoTerminal_RedrawsOneTableInPlace()
    {
        if (!OperatingSystem.IsLinux() || ProcessRun.FindOnPath("script") is not { } script)
        {
            Assert.Ignore("util-linux `script` (a pseudo-terminal for the CLI) is not available on this machine");
            return;
        }

        var dotnet = DotnetOrIgnore();
        var config = await WriteConfigAsync("E2ELive");
        var command = string.Join(' ', new[] { dotnet, CliProcess.CliPath, "run", config, "--duration", "3.5s" }.Select(Quote));

        // script -q (no banners) -f (flush) -e (child's exit code) -c COMMAND, transcript discarded: stdout is the terminal's output.
        var run = await ProcessRun.RunAsync(script, ["-qfec", command, "/dev/null"], ScratchFolder, ChildEnvironment(("TERM", "xterm-256color")), Timeout);

        var output = run.Output;
        var frames = output.Split(TableHeader);
        var redraws = frames.Length < 2 ? 0 : frames[1..^1].Count(frame => CursorUp().IsMatch(frame)); // what lies between one header and the next
        Assert.Multiple(() =>
        {
            Assert.That(run.ExitCode, Is.Zero, run.Everything);
            Assert.That(output, Does.Contain("launcher: listening E2ELive"), "the start-up line comes before the table");
            Assert.That(frames, Has.Length.GreaterThanOrEqualTo(3), $"the table was drawn and redrawn at least once\n{run.Everything}");
            Assert.That(redraws, Is.EqualTo(frames.Length - 2), $"every redraw first moves the cursor back up over the previous table (in place, not below it)\n{run.Everything}");
            Assert.That(output, Does.Not.Contain("overlay=E2ELive"), "no plain lines on a terminal");
        });
    }

    /// <summary>Classifies a stdout line: L start-up, T tracker start-up, 0/1 an instance's status line, t the tracker's, ? anything else.</summary>
    private static char Kind(string line) =>
        line.StartsWith("launcher: listening E2EPlain on 127.0.0.1:", StringComparison.Ordinal) ? 'L'
        : line.StartsWith("tracker listening on 127.0.0.1:", StringComparison.Ordinal) ? 'T'
        : OverlayLine().Match(line) is { Success: true } match ? match.Groups["instance"].Value[0]
        : TrackerLine().IsMatch(line) ? 't'
        : '?';

    [GeneratedRegex(@"^\d\d:\d\d:\d\d overlay=E2EPlain#(?<instance>[01]) address=127\.0\.0\.1:\d+ peers=\d+ walkable=\d+ in=\d+/s out=\d+/s drops=\d+$")]
    private static partial Regex OverlayLine();

    [GeneratedRegex(@"^\d\d:\d\d:\d\d tracker address=127\.0\.0\.1:\d+ peers=\d+ communities=\d+ in=\d+/s out=\d+/s drops=\d+$")]
    private static partial Regex TrackerLine();

    /// <summary>ESC [ n A: cursor up n lines, how Spectre.Console's live display returns to the top of its table.</summary>
    [GeneratedRegex(@"\u001b\[\d+A")]
    private static partial Regex CursorUp();

    private static string DotnetOrIgnore()
    {
        var dotnet = ProcessRun.DotnetHost();
        if (dotnet is null)
        {
            Assert.Ignore("the dotnet host was not found (DOTNET_HOST_PATH, the test host, PATH): cannot start the CLI");
        }

        return dotnet!;
    }

    private static Dictionary<string, string?> ChildEnvironment(params (string Name, string Value)[] extra)
    {
        var environment = new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    private static string Quote(string word) => "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Two instances of one overlay and a tracker on any free port, on 127.0.0.1 (they need not find each other).</summary>
    private async Task<string> WriteConfigAsync(string overlay)
    {
        var path = Path.Combine(ScratchFolder, overlay + ".yaml");
        await File.WriteAllTextAsync(path, string.Create(CultureInfo.InvariantCulture, $"""
            instances: 2
            interfaces:
              - interface: UDPIPv4
                ip: 127.0.0.1
                port: 0
            keys:
              - alias: e2e
                generation: curve25519
                ephemeral: true
            logger:
              level: WARNING
            walker_interval: 0.5
            tracker:
              address: 127.0.0.1
              port: 0
            overlays:
              - name: {overlay}
                class: GenericOverlay
                community_id: 4c61756e63686572206c69766520766965772031
                key: e2e
                walkers:
                  - strategy: RandomWalk
                    peers: 5
                bootstrappers:
                  - class: DispersyBootstrapper
                    init:
                      ip_addresses: [["127.0.0.1", 9]]
                      bootstrap_timeout: 5.0
            """));
        return path;
    }
}
