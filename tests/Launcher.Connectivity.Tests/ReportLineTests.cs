using System.Text.Json;
using Launcher.Cli;
using Launcher.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Connectivity.Tests;

/// <summary><c>--report</c> lines carry the node's NAT class and its open pipes when the connectivity hook is set, as <c>launcher run</c> sets it.</summary>
[TestFixture]
public sealed class ReportLineTests
{
    [Test]
    public async Task WriteAll_WithConnectivity_LineHasNatAndOpenPipes()
    {
        var directory = Directory.CreateTempSubdirectory("launcher-report-").FullName;
        try
        {
            var path = Path.Combine(directory, "node.yaml");
            await File.WriteAllTextAsync(path, LoopbackNodes.Yaml("connectivity:\n  methods: [direct]\n"));
            using var start = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await using var services = await LoopbackNodes.StartAsync(path, start.Token);
            var node = await services.GetRequiredService<ConnectivityNodes>().GetNodeAsync(0, start.Token);
            var overlay = services.GetRequiredService<IOverlayLauncherService>().Host.Overlays[0].Community;
            using var text = new StringWriter();
            using var writer = new OverlayReportWriter(text, TimeProvider.System)
            {
                ConnectivityOf = o => ReferenceEquals(o.Endpoint, node.Endpoint) ? (node.Nat.Class.ToString(), node.OpenPipes) : null,
            };

            writer.WriteAll([("Demo", overlay)]);

            using var json = JsonDocument.Parse(text.ToString().Trim());
            Assert.Multiple(() =>
            {
                Assert.That(json.RootElement.GetProperty("nat").GetString(), Is.EqualTo(node.Nat.Class.ToString()).And.Contain("mapping="));
                Assert.That(json.RootElement.GetProperty("open_pipes").GetInt32(), Is.Zero);
            });
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
