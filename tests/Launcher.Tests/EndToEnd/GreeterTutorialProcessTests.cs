using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Launcher.Tests.EndToEnd;

/// <summary>
/// The discovery tutorial (launchers/Greeter.Plugin) as an operator runs it: four <c>launcher run</c> processes on real
/// loopback UDP from the sample's own files (bootnode, three EvenGang members, three OddClub members, the newcomer), the
/// plugin dropped into the folder beside them, only the bootnode's port moved to a free one.
/// </summary>
[TestFixture]
[Category("EndToEnd")]
[NonParallelizable]
public sealed partial class GreeterTutorialProcessTests : ScratchFolderFixture
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Test]
    public async Task Tutorial_FourProcessesOnLoopback_NewcomerGreetsThreeOddThenThreeEven()
    {
        var port = FreeUdpPort();
        CopyPlugin();
        foreach (var role in new[] { "bootnode", "even", "odd", "newcomer" })
        {
            var text = await File.ReadAllTextAsync(Path.Combine(TestContext.CurrentContext.TestDirectory, "Resources", "Greeter", role + ".yaml"));
            await File.WriteAllTextAsync(Path.Combine(ScratchFolder, role + ".yaml"), text.Replace("18100", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        using var deadline = new CancellationTokenSource(Deadline);
        using var boot = CliProcess.Start("bootnode", ScratchFolder, "run", "bootnode.yaml", "--duration", "50s", "--quiet");
        // As in the tutorial, the bootnode first; members that start before it retry (1 s, 2 s, 4 s, ...) anyway.
        await boot.WaitForLineAsync(l => l.StartsWith("launcher: listening", StringComparison.Ordinal), deadline.Token);
        using var even = CliProcess.Start("even", ScratchFolder, "run", "even.yaml", "--report", "even.jsonl", "--duration", "50s", "--quiet");
        using var odd = CliProcess.Start("odd", ScratchFolder, "run", "odd.yaml", "--report", "odd.jsonl", "--duration", "50s", "--quiet");
        var processes = new[] { boot, even, odd };
        try
        {
            foreach (var process in processes)
            {
                await process.WaitForLineAsync(l => l.StartsWith("launcher: listening", StringComparison.Ordinal), deadline.Token);
            }

            using var newcomer = CliProcess.Start("newcomer", ScratchFolder, "run", "newcomer.yaml", "--report", "newcomer.jsonl", "--duration", "40s", "--quiet");
            processes = [.. processes, newcomer];
            await newcomer.WaitForLineAsync(l => l.Contains("greeting tour finished", StringComparison.Ordinal), deadline.Token);
            var greeted = GreetedLine().Matches(newcomer.Output()).Select(m => (Mid: m.Groups["mid"].Value, Namespace: m.Groups["ns"].Value)).ToList();
            var oddMids = MembersOf("odd.jsonl");
            var evenMids = MembersOf("even.jsonl");
            Assert.Multiple(() =>
            {
                Assert.That(greeted.Select(g => g.Namespace), Is.EqualTo(new[] { "OddClub", "OddClub", "OddClub", "EvenGang", "EvenGang", "EvenGang" }), newcomer.Output());
                Assert.That(greeted.Take(3).Select(g => g.Mid), Is.EquivalentTo(oddMids), "the three odd members, each once");
                Assert.That(greeted.Skip(3).Select(g => g.Mid), Is.EquivalentTo(evenMids), "the three even members, each once");
            });
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("the tutorial did not finish within the deadline\n" + string.Join("\n", processes.Select(p => p.Output())));
        }
    }

    /// <summary>The greeter mids in a member file's report (one GreeterCommunity per instance).</summary>
    private List<string> MembersOf(string report) =>
        [.. ReportLine.ReadAll(Path.Combine(ScratchFolder, report)).Where(l => l.Overlay.StartsWith("GreeterCommunity#", StringComparison.Ordinal)).Select(l => l.Mid).Distinct()];

    private void CopyPlugin()
    {
        var source = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestPlugins", "Greeter");
        var target = Path.Combine(ScratchFolder, "plugins", "Greeter");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    [GeneratedRegex("greeted (?<mid>[0-9a-f]{40}) under (?<ns>\\w+):")]
    private static partial Regex GreetedLine();
}
