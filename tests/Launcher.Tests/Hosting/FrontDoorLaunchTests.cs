using System.Globalization;
using Ipv8.Discovery;
using Launcher.Attributes;
using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Hosting;
using Launcher.Launching;
using Launcher.Tests.Support.Hosting;

namespace Launcher.Tests.Hosting;

/// <summary>
/// The same overlay declared through each front door (attributes, ConfigBuilder, YAML, JSON) launches the same running
/// overlay: community type and id, settings, strategies with their targets and options, bootstrappers, on_start calls.
/// (FrontDoorEquivalenceTests compares the definitions; this compares what runs.)
/// </summary>
public sealed class FrontDoorLaunchTests
{
    private const string Yaml = """
        overlays:
          - name: Same
            class: RecordingOverlay
            community_id: 00112233445566778899aabbccddeeff00112233
            key: anonymous id
            walkers:
              - strategy: RandomWalk
                peers: 12
                init: { timeout: 2.5, window_size: 7 }
            bootstrappers:
              - class: DispersyBootstrapper
                init: { ip_addresses: [["127.0.0.1", 6421]] }
            initialize: { max_peers: 17 }
            on_start:
              - [greet, same, 2]
        """;

    private const string Json = """
        {
          "interfaces": [{ "interface": "UDPIPv4", "ip": "127.0.0.1", "port": 0 }],
          "keys": [{ "alias": "anonymous id", "generation": "curve25519", "ephemeral": true }],
          "overlays": [{
            "name": "Same",
            "class": "RecordingOverlay",
            "community_id": "00112233445566778899aabbccddeeff00112233",
            "key": "anonymous id",
            "walkers": [{ "strategy": "RandomWalk", "peers": 12, "init": { "timeout": 2.5, "window_size": 7 } }],
            "bootstrappers": [{ "class": "DispersyBootstrapper", "init": { "ip_addresses": [["127.0.0.1", 6421]] } }],
            "initialize": { "max_peers": 17 },
            "on_start": [["greet", "same", 2]]
          }]
        }
        """;

    private HostHarness _harness = null!;

    [SetUp]
    public void SetUp() => _harness = new HostHarness();

    [TearDown]
    public async Task TearDown() => await _harness.DisposeAsync();

    [Test]
    public async Task StartAsync_Yaml_LaunchesWhatItDeclares() =>
        Assert.That(
            await LaunchFromYaml(),
            Is.EqualTo("Same | RecordingOverlay | 00112233445566778899aabbccddeeff00112233 | 17 | RandomWalk/12/2.5/7 | DispersyBootstrapper:127.0.0.1:6421 | greet same x2"));

    [Test]
    public async Task StartAsync_AttributesAndYaml_LaunchTheSameOverlay() =>
        Assert.That(await LaunchFromAttributes(), Is.EqualTo(await LaunchFromYaml()));

    [Test]
    public async Task StartAsync_AttributesAndConfigBuilder_LaunchTheSameOverlay() =>
        Assert.That(await LaunchFromAttributes(), Is.EqualTo(await LaunchFromBuilder()));

    [Test]
    public async Task StartAsync_AttributesAndJson_LaunchTheSameOverlay() =>
        Assert.That(await LaunchFromAttributes(), Is.EqualTo(await LaunchFromJson()));

    [Test]
    public async Task StartAsync_ConfigBuilderAndYaml_LaunchTheSameOverlay() =>
        Assert.That(await LaunchFromBuilder(), Is.EqualTo(await LaunchFromYaml()));

    [Test]
    public async Task StartAsync_ConfigBuilderAndJson_LaunchTheSameOverlay() =>
        Assert.That(await LaunchFromBuilder(), Is.EqualTo(await LaunchFromJson()));

    [Test]
    public async Task StartAsync_YamlAndJson_LaunchTheSameOverlay() =>
        Assert.That(await LaunchFromYaml(), Is.EqualTo(await LaunchFromJson()));

    [Test]
    public async Task StartAsync_OneSettingDiffers_RunningOverlaysDiffer()
    {
        var changed = await Launch(_harness.Model(HostHarness.Header + Yaml.Replace("max_peers: 17", "max_peers: 18", StringComparison.Ordinal)));
        Assert.That(changed, Is.Not.EqualTo(await LaunchFromYaml()));
    }

    private Task<string> LaunchFromYaml() => Launch(_harness.Model(HostHarness.Header + Yaml));

    private Task<string> LaunchFromJson() =>
        Launch(_harness.Builder().AddFile(_harness.Write("overlays.json", Json)).Build());

    private Task<string> LaunchFromAttributes() =>
        Launch(_harness.Model(HostHarness.Header + "overlays:\n  - launcher: SameLauncher\n", typeof(SameLauncher)));

    private Task<string> LaunchFromBuilder()
    {
        var configuration = ConfigBuilder.Clean()
            .SetAddress("127.0.0.1")
            .SetPort(0)
            .AddEphemeralKey(KeyDefinition.DefaultAlias)
            .AddOverlay(new OverlayDefinition
            {
                Name = "Same",
                Class = "RecordingOverlay",
                CommunityId = HostedComponents.CommunityIdA,
                Key = KeyDefinition.DefaultAlias,
                Walkers = [ConfigBuilder.Walker("RandomWalk", 12, new Dictionary<string, object?> { ["timeout"] = 2.5, ["window_size"] = 7 })],
                Bootstrappers =
                [
                    ConfigBuilder.Bootstrapper("DispersyBootstrapper", new Dictionary<string, object?>
                    {
                        ["ip_addresses"] = new[] { new object[] { "127.0.0.1", 6421 } },
                    }),
                ],
                Initialize = SettingsMap.FromObjects(new Dictionary<string, object?> { ["max_peers"] = 17 }),
                OnStart = [new OnStartCall("greet", [ConfigValue.FromString("same"), ConfigValue.FromNumber(2)])],
                Origin = Origin.Builder,
            })
            .Build();
        return Launch(_harness.Builder().AddConfiguration(configuration).Build());
    }

    /// <summary>Starts a host for <paramref name="model"/> on the simulated network and describes what runs.</summary>
    private async Task<string> Launch(LauncherModel model)
    {
        var host = _harness.Host(model);
        await host.StartAsync();
        var running = host.Overlays.Single();
        var description = Describe(running);
        await host.StopAsync();
        return description;
    }

    private static string Describe(RunningOverlay running)
    {
        var community = (RecordingOverlay)running.Community;
        var strategies = running.Strategies.Select(s => s.Strategy switch
        {
            RandomWalk walk => string.Create(CultureInfo.InvariantCulture, $"RandomWalk/{s.TargetPeers}/{walk.Options.Timeout.TotalSeconds}/{walk.Options.WindowSize}"),
            var other => $"{other.GetType().Name}/{s.TargetPeers}",
        });
        var bootstrappers = running.Bootstrappers.Select(b => b.GetType().Name + ":" + string.Join(",", b.Blacklist()));
        return string.Join(
            " | ",
            running.Name,
            community.GetType().Name,
            Convert.ToHexStringLower(community.CommunityId.Span),
            community.MaxPeers.ToString(CultureInfo.InvariantCulture),
            string.Join(";", strategies),
            string.Join(";", bootstrappers),
            string.Join(";", community.Calls));
    }
}

/// <summary>The attribute front door of the overlay the YAML, JSON and ConfigBuilder declare.</summary>
[Name("Same")]
[Overlay(typeof(RecordingOverlay), CommunityId = HostedComponents.CommunityIdA, Settings = typeof(SameOverlaySettings))]
[WalkStrategy("RandomWalk", TargetPeers = 12, Settings = typeof(SameWalkSettings))]
[Bootstrapper("DispersyBootstrapper", Settings = typeof(SameBootstrapSettings))]
[OnStart("greet", "same", 2)]
public sealed class SameLauncher : CommunityLauncher
{
}

public sealed class SameOverlaySettings
{
    public int MaxPeers { get; init; } = 17;
}

public sealed class SameWalkSettings
{
    public double Timeout { get; init; } = 2.5;

    public int WindowSize { get; init; } = 7;
}

public sealed class SameBootstrapSettings
{
    public IReadOnlyList<object[]> IpAddresses { get; init; } = [["127.0.0.1", 6421]];
}
