using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ipv8.Messaging;
using Launcher.Hosting;
using Launcher.Launching;
using Launcher.Tests.Support;
using Launcher.Tests.Support.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Tests.Hosting;

/// <summary>
/// The receive side of an application's DI host over real loopback UDP: <c>receive_shards</c> from the file gives every
/// instance <c>SO_REUSEPORT</c> sockets that answer the walk, and without shards every socket of the service (instances and
/// tracker) is received by the one loop the service's endpoint factory owns.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ReceiveShardsHostingTests
{
    /// <summary>Bounds the wait for the instances to find each other through the tracker.</summary>
    private static readonly TimeSpan DiscoveryTimeout = TimeSpan.FromSeconds(30);

    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"launcher-shards-{Guid.NewGuid():N}")).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task StartAsync_TwoShardedInstancesOnOneConfiguredPort_OwnPortsAndAnswerEachOthersIntroductionRequests()
    {
        var trackerPort = FreeUdpPort();
        var port = FreeUdpPort();
        await using var services = Provider(await WriteConfigAsync(trackerPort, instances: 2, port, "receive_shards: 2, "));
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        await launcher.StartAsync();
        var overlays = launcher.Hosts.Select(h => h.Overlays.Single().Community).ToList();
        using var deadline = new CancellationTokenSource(DiscoveryTimeout);
        while (overlays.Any(o => o.PeerCount < 1) && !deadline.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        var sharded = launcher.Hosts.Select(h => ((DispatcherEndpoint)h.Endpoint!).IPv4 as ReusePortUdpEndpoint).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(sharded, Is.All.Not.Null, "receive_shards: 2 gives a reuse-port endpoint");
            Assert.That(sharded.Select(e => e!.ShardCount), Is.All.EqualTo(OperatingSystem.IsLinux() ? 2 : 1));
            Assert.That(sharded.Select(e => e!.LocalAddress.Port), Is.EqualTo(new[] { port, port + 1 }), "the second instance does not join the first one's sockets: it takes the next port");
            Assert.That(overlays.Select(o => o.PeerCount), Is.All.EqualTo(1), "each instance answered the other's introduction-requests (and the tracker's)");
            Assert.That(overlays.Select(o => o.Endpoint.Counters.PacketsIn), Is.All.Positive);
            Assert.That(sharded.Select(e => e!.ReceivedPerShard.Sum()), Is.All.Positive);
        });

        await launcher.StopAsync();
        Assert.That(launcher.Hosts.Select(h => h.Endpoint), Is.All.Null);
    }

    [Test]
    public async Task StartAsync_ThreeInstancesAndTracker_OneReceiveThreadForEverySocket()
    {
        if (!Directory.Exists("/proc/self/task"))
        {
            Assert.Ignore("counts threads by name in /proc/self/task (Linux only)");
        }

        var trackerPort = FreeUdpPort();
        var before = ReceiveThreads();
        await using var services = Provider(await WriteConfigAsync(trackerPort, instances: 3, port: 0, extra: ""));
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        await launcher.StartAsync();
        var factory = services.GetRequiredService<UdpEndpointFactory>();

        Assert.Multiple(() =>
        {
            // Four sockets (three instances and the tracker); loops of earlier tests may still be ending, never starting.
            Assert.That(factory.ReceiveLoop.Count, Is.EqualTo(4), "every socket is registered with the factory's loop");
            Assert.That(factory.ReceiveLoop.IsRunning, Is.True);
            Assert.That(ReceiveThreads(), Is.LessThanOrEqualTo(before + 1), "one receive thread for all of them");
        });

        await launcher.StopAsync();
        Assert.That(factory.ReceiveLoop.Count, Is.Zero, "stopping removes every socket from the loop");
    }

    private static int ReceiveThreads() => Directory.EnumerateDirectories("/proc/self/task")
        .Count(task => File.Exists(Path.Combine(task, "comm")) && TryRead(Path.Combine(task, "comm")).Trim() == "UDP receive");

    private static string TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return ""; // the thread ended meanwhile
        }
    }

    private static ServiceProvider Provider(string path) =>
        new ServiceCollection().AddOverlayLauncher(_ => new LauncherModelBuilder(loadOptions: TestFiles.NoEnvironment)
            .AddFile(path)
            .AddTypes(HostedComponents.Types)
            .UsePluginsDirectory(Path.Combine(TestContext.CurrentContext.WorkDirectory, "no-plugins"))).BuildServiceProvider();

    /// <summary>A port free on 127.0.0.1 a moment ago.</summary>
    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private async Task<string> WriteConfigAsync(int trackerPort, int instances, int port, string extra)
    {
        var path = Path.Combine(_directory, "shards.yaml");
        await File.WriteAllTextAsync(path, string.Create(CultureInfo.InvariantCulture, $"""
            instances: {instances}
            interfaces: [{"{"} interface: UDPIPv4, ip: 127.0.0.1, {extra}port: {port} {"}"}]
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
                    init: {"{"} ip_addresses: [["127.0.0.1", {trackerPort}]], bootstrap_timeout: 1.0 {"}"}
            """));
        return path;
    }
}
