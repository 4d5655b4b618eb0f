using System.Net;
using System.Net.Sockets;
using Launcher.Configuration;
using Launcher.Hosting;
using Launcher.Tests.Support.Hosting;

namespace Launcher.Tests.Hosting;

/// <summary>Bad configurations and failing launches: a clear error, and nothing left half-started.</summary>
public sealed class LaunchFailureTests
{
    private HostHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new HostHarness();

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    private static int FreeLoopbackPort()
    {
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Overlay #1 is fine; overlay #2 is <paramref name="second"/>; the key is a file key on a fixed loopback port.</summary>
    private static string TwoOverlays(int port, string second) =>
        $"interfaces: [{{ interface: UDPIPv4, ip: 127.0.0.1, port: {port} }}]\n"
        + "keys: [{ alias: anonymous id, generation: curve25519, file: id.pem }]\n"
        + $"overlays:\n  - name: First\n    class: RecordingOverlay\n    community_id: {HostedComponents.CommunityIdA}\n"
        + second;

    [Test]
    public void Build_PluginWithCorruptAssembly_ErrorNamesFolderAndFile()
    {
        var folder = Path.Combine(_harness.Directory, "plugins", "Broken");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "Broken.dll"), [0x4d, 0x5a, 0x00, 0x01, 0x02, 0x03, 0x04]);

        var ex = Assert.Throws<ConfigurationException>(() => _harness.Model(HostHarness.Header))!;
        var error = ex.Errors.Single().ToString();
        Assert.Multiple(() =>
        {
            Assert.That(error, Does.StartWith($"plugin 'Broken' ({folder})"));
            Assert.That(error, Does.Contain(Path.Combine(folder, "Broken.dll")));
        });
    }

    [Test]
    public void StartAsync_OverlayConstructorThrows_ErrorNamesClassAndOriginLine()
    {
        var yaml = HostHarness.Header + $"overlays:\n  - name: First\n    class: RecordingOverlay\n    community_id: {HostedComponents.CommunityIdA}\n  - name: Gpu\n    class: ExplodingOverlay\n    community_id: {HostedComponents.CommunityIdB}\n";
        var model = _harness.Model(yaml);
        var host = _harness.Host(model);

        var ex = Assert.ThrowsAsync<OverlayLaunchException>(() => host.StartAsync())!;
        var file = Path.Combine(_harness.Directory, "overlays.yaml");
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Is.EqualTo($"{file}:7:5: overlay 'Gpu': constructor of overlay class 'ExplodingOverlay' threw InvalidOperationException: cannot run without a GPU (max_peers 30)"));
            Assert.That((ex.OverlayName, ex.Origin.Line), Is.EqualTo(("Gpu", 7)));
            Assert.That(_harness.Endpoints.Single().IsOpen, Is.False, "the endpoint of overlay #1 was closed");
            Assert.That(host.Overlays, Is.Empty);
        });
    }

    [Test]
    public void StartAsync_StrategyConstructorThrows_ErrorNamesStrategyAndOrigin()
    {
        var yaml = HostHarness.Header + $"overlays:\n  - name: Walker\n    class: RecordingOverlay\n    community_id: {HostedComponents.CommunityIdA}\n    walkers:\n      - strategy: ExplodingWalk\n";
        var model = _harness.Model(yaml);
        var host = _harness.Host(model);

        var ex = Assert.ThrowsAsync<OverlayLaunchException>(() => host.StartAsync())!;
        var file = Path.Combine(_harness.Directory, "overlays.yaml");
        Assert.That(ex.Message, Is.EqualTo($"{file}:4:5: overlay 'Walker': constructor of walk strategy 'ExplodingWalk' ({file}:8:9) threw InvalidOperationException: cannot walk RecordingOverlay"));
    }

    [Test]
    public async Task StartAsync_AllOverlaysLaunch_WritesTheKeyFile()
    {
        var port = FreeLoopbackPort();
        var model = _harness.Model(TwoOverlays(port, ""));
        var host = _harness.Host(model, udp: true);
        await host.StartAsync();
        Assert.Multiple(() =>
        {
            Assert.That(File.Exists(Path.Combine(_harness.Directory, "id.pem")), Is.True);
            Assert.That(CanBind(port), Is.False, "the host holds the port while running");
        });
        await host.StopAsync();
        Assert.That(CanBind(port), Is.True, "stopping releases the port");
    }

    [Test]
    public void StartAsync_SecondOverlayConstructorThrows_FirstSocketClosedAndNoKeyFile()
    {
        var port = FreeLoopbackPort();
        var model = _harness.Model(TwoOverlays(port, $"  - name: Gpu\n    class: ExplodingOverlay\n    community_id: {HostedComponents.CommunityIdB}\n"));
        var host = _harness.Host(model, udp: true);

        Assert.ThrowsAsync<OverlayLaunchException>(() => host.StartAsync());
        Assert.Multiple(() =>
        {
            Assert.That(CanBind(port), Is.True, "overlay #1's socket is closed");
            Assert.That(_harness.Endpoints.Single().IsOpen, Is.False, "the endpoint was closed");
            Assert.That(File.Exists(Path.Combine(_harness.Directory, "id.pem")), Is.False, "no key file is written");
            Assert.That(host.Overlays, Is.Empty);
            Assert.That(host.Registry.Names, Is.Empty);
        });
    }

    [TestCase(typeof(PrepareThrowsLauncher), "PrepareThrows", "PrepareThrowsLauncher.Prepare threw InvalidOperationException: prepare refused")]
    [TestCase(typeof(FinalizeThrowsLauncher), "FinalizeThrows", "FinalizeThrowsLauncher.Finalize threw InvalidOperationException: finalize refused")]
    [TestCase(typeof(BadSettingsLauncher), "BadSettings", "BadSettingsLauncher.GetSettings threw FormatException: returned invalid settings: unknown setting 'max_peerz'")]
    public void StartAsync_HookThrows_ClearErrorAndNothingHalfStarted(Type launcher, string name, string expected)
    {
        var port = FreeLoopbackPort();
        var yaml = TwoOverlays(port, $"  - name: {name}\n    class: RecordingOverlay\n    community_id: {HostedComponents.CommunityIdB}\n    after: [First]\n");
        var model = _harness.Model(yaml, launcher);
        var host = _harness.Host(model, udp: true);

        var ex = Assert.ThrowsAsync<OverlayLaunchException>(() => host.StartAsync())!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.Contain($"overlay '{name}': {expected}"));
            Assert.That(ex.Origin.File, Is.EqualTo(Path.Combine(_harness.Directory, "overlays.yaml")), "the file overriding the launcher is the origin");
            Assert.That(CanBind(port), Is.True, "overlay #1's socket is closed");
            Assert.That(_harness.Endpoints.Single().IsOpen, Is.False, "the endpoint was closed");
            Assert.That(File.Exists(Path.Combine(_harness.Directory, "id.pem")), Is.False, "no key file is written");
            Assert.That(host.Overlays, Is.Empty);
        });
    }

    [Test]
    public void Build_KeyFileInMissingDirectory_IsConfigurationErrorBeforeAnythingOpens()
    {
        var yaml = "interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]\n"
            + "keys: [{ alias: anonymous id, generation: curve25519, file: missing/id.pem }]\n"
            + $"overlays:\n  - name: First\n    class: RecordingOverlay\n    community_id: {HostedComponents.CommunityIdA}\n";
        var ex = Assert.Throws<ConfigurationException>(() => _harness.Model(yaml))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Errors.Single().Message, Does.Contain("does not exist"));
            Assert.That(ex.Errors.Single().Path, Is.EqualTo("keys[anonymous id].file"));
            Assert.That(_harness.Endpoints, Is.Empty);
        });
    }

    [Test]
    public async Task StartAsync_TwoAliasesNameOneNewKeyFile_ShareTheWrittenKey()
    {
        var yaml = "interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]\n"
            + "keys:\n  - { alias: a, generation: curve25519, file: shared.pem }\n  - { alias: b, generation: curve25519, file: shared.pem }\n"
            + $"overlays:\n  - name: A\n    class: RecordingOverlay\n    key: a\n    community_id: {HostedComponents.CommunityIdA}\n"
            + $"  - name: B\n    class: RecordingOverlay\n    key: b\n    community_id: {HostedComponents.CommunityIdB}\n";
        var model = _harness.Model(yaml);
        var host = _harness.Host(model);
        await host.StartAsync();

        var written = await File.ReadAllBytesAsync(Path.Combine(_harness.Directory, "shared.pem"));
        Assert.Multiple(() =>
        {
            Assert.That(host.Overlays[0].Community.MyPeer.PublicKey.MidHex, Is.EqualTo(host.Overlays[1].Community.MyPeer.PublicKey.MidHex));
            Assert.That(written, Is.EqualTo(host.Overlays[0].Community.MyPeer.PrivateKey.KeyBin.ToArray()));
        });
    }

    [Test]
    public async Task StartAsync_AlreadyStarted_Throws()
    {
        var model = _harness.Model(HostHarness.Header + $"overlays:\n  - name: A\n    class: RecordingOverlay\n    community_id: {HostedComponents.CommunityIdA}\n");
        var host = _harness.Host(model);
        await host.StartAsync();
        Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.That(host.IsRunning, Is.True, "the running host is left alone");
    }
}
