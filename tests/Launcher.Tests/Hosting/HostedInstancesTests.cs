using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Launcher.Configuration;
using Launcher.Hosting;
using Launcher.Launching;
using Launcher.Tests.Support;
using Launcher.Tests.Support.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Tests.Hosting;

/// <summary>
/// An application's DI host runs everything a file declares, as <c>launcher run</c> does: <c>instances: 3</c> gives three
/// hosts with their own endpoints and keys, and the <c>tracker:</c> section a tracker they bootstrap from (loopback only).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class HostedInstancesTests
{
    /// <summary>Bounds the wait for the instances to find each other through the tracker.</summary>
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(30);

    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"launcher-instances-{Guid.NewGuid():N}")).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task StartAsync_ThreeInstancesAndTracker_EachInstanceHasItsOwnEndpointAndKeyAndTheTrackerServes()
    {
        await using var services = Provider(await WriteConfigAsync(trackerPort: 0, instances: 3));
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        var started = new List<int>();
        launcher.HostStarted += (_, e) => started.Add(e.Instance);

        await launcher.StartAsync();

        var hosts = launcher.Hosts;
        var tracker = launcher.Tracker;
        Assert.Multiple(() =>
        {
            Assert.That(launcher.IsRunning, Is.True);
            Assert.That(hosts, Has.Count.EqualTo(3));
            Assert.That(started, Is.EqualTo(new[] { 0, 1, 2 }), "HostStarted once per instance, in order, before StartAsync completed");
            Assert.That(launcher.Host, Is.SameAs(hosts[0]));
            Assert.That(services.GetRequiredService<OverlayHost>(), Is.SameAs(hosts[0]));
            Assert.That(hosts.Select(h => h.Endpoint!.LocalAddress.ToString()), Is.Unique.And.All.StartWith("127.0.0.1:").And.None.EndWith(":0"));
            Assert.That(hosts.Select(h => h.Overlays.Single().Community.MyPeer.PublicKey.MidHex), Is.Unique, "every instance has its own key");
            Assert.That(tracker, Is.Not.Null, "the tracker section is hosted and serves once StartAsync completed");
            Assert.That(tracker!.Endpoint.LocalAddress.ToString(), Does.StartWith("127.0.0.1:").And.Not.EndWith(":0"));
        });

        await launcher.StopAsync();
        Assert.Multiple(() =>
        {
            Assert.That(launcher.IsRunning, Is.False);
            Assert.That(launcher.Tracker, Is.Null);
            Assert.That(hosts.Select(h => h.Endpoint), Is.All.Null);
        });
    }

    [Test]
    public async Task StartAsync_ThreeInstancesBootstrappingFromTheHostedTracker_FindEachOther()
    {
        var port = FreeUdpPort();
        await using var services = Provider(await WriteConfigAsync(port, instances: 3));
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        await launcher.StartAsync();
        var overlays = launcher.Hosts.Select(h => h.Overlays.Single().Community).ToList();

        using var deadline = new CancellationTokenSource(DiscoveryTimeout);
        while (overlays.Any(o => o.PeerCount < 2) && !deadline.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        Assert.Multiple(() =>
        {
            Assert.That(launcher.Tracker!.Endpoint.LocalAddress.Port, Is.EqualTo(port));
            Assert.That(overlays.Select(o => o.PeerCount), Is.All.EqualTo(2), "every instance found the other two through the tracker");
        });
    }

    [Test]
    public async Task StartAsync_TrackerPortInUse_ThrowsAndNothingStaysStarted()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var services = Provider(await WriteConfigAsync(((IPEndPoint)taken.LocalEndPoint!).Port, instances: 2));
        var launcher = services.GetRequiredService<IOverlayLauncherService>();

        Assert.ThrowsAsync<SocketException>(() => launcher.StartAsync());
        Assert.Multiple(() =>
        {
            Assert.That(launcher.IsRunning, Is.False);
            Assert.That(launcher.Tracker, Is.Null);
            Assert.That(launcher.Hosts.Select(h => h.Endpoint), Is.All.Null, "the instances already started were stopped again");
        });
    }

    [TestCase("::1", "IPv4")]
    [TestCase("not-an-address", "'not-an-address' is not an IP address")]
    public async Task Model_TrackerAddressNotIPv4_ConfigurationErrorAtTheTrackerBeforeAnythingOpens(string address, string expected)
    {
        var path = await WriteConfigAsync(trackerPort: 0, instances: 2);
        await File.WriteAllTextAsync(path, (await File.ReadAllTextAsync(path)).Replace("address: 127.0.0.1", $"address: '{address}'", StringComparison.Ordinal));
        await using var services = Provider(path);
        var launcher = services.GetRequiredService<IOverlayLauncherService>();

        var error = Assert.Throws<ConfigurationException>(() => _ = launcher.Model)!;
        Assert.Multiple(() =>
        {
            Assert.That(error.Errors.Single().Path, Does.StartWith("tracker"));
            Assert.That(error.Errors.Single().Origin.File, Is.EqualTo(path));
            Assert.That(error.Message, Does.Contain(expected));
            Assert.ThrowsAsync<ConfigurationException>(() => launcher.StartAsync());
            Assert.That(launcher.IsRunning, Is.False);
        });
    }

    private static ServiceProvider Provider(string path) =>
        new ServiceCollection().AddOverlayLauncher(_ => Builder(path)).BuildServiceProvider();

    private static LauncherModelBuilder Builder(string path) =>
        new LauncherModelBuilder(loadOptions: TestFiles.NoEnvironment)
            .AddFile(path)
            .AddTypes(HostedComponents.Types)
            .UsePluginsDirectory(Path.Combine(TestContext.CurrentContext.WorkDirectory, "no-plugins"));

    /// <summary>A port free on 127.0.0.1 a moment ago (the tracker's port must be written into the bootstrappers' addresses).</summary>
    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private async Task<string> WriteConfigAsync(int trackerPort, int instances)
    {
        var path = Path.Combine(_directory, "instances.yaml");
        await File.WriteAllTextAsync(path, string.Create(CultureInfo.InvariantCulture, $"""
            instances: {instances}
            interfaces: [{"{"} interface: UDPIPv4, ip: 127.0.0.1, port: 0 {"}"}]
            keys: [{"{"} alias: me, generation: curve25519, ephemeral: true {"}"}]
            walker_interval: 0.1
            tracker: {"{"} address: 127.0.0.1, port: {trackerPort} {"}"}
            overlays:
              - name: Chat
                class: RecordingOverlay
                community_id: 4c61756e636865722064656d6f206f7665726c61
                walkers: [{"{"} strategy: RandomWalk, peers: 20 {"}"}]
                bootstrappers:
                  - class: DispersyBootstrapper
                    init: {"{"} ip_addresses: [["127.0.0.1", {(trackerPort == 0 ? 1 : trackerPort)}]], bootstrap_timeout: 1.0 {"}"}

            """));
        return path;
    }
}
