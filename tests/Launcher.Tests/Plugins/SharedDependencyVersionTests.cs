using System.Reflection;
using System.Runtime.Loader;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Simulation;
using Launcher.Catalog;
using Launcher.Hosting;
using Launcher.Launching;
using Launcher.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Tests.Plugins;

/// <summary>
/// A plugin that references a different version of a dependency the host also has: the host (this test assembly)
/// references SharedDep 1.0; tests/Fixtures/VersionedPlugin carries SharedDep 2.0 in its folder and calls an API only 2.0
/// has. Both versions must load side by side and the plugin's component must resolve by name and run.
/// </summary>
public sealed class SharedDependencyVersionTests
{
    private static readonly Version V1 = new(1, 0, 0, 0);
    private static readonly Version V2 = new(2, 0, 0, 0);

    private TestPluginFolder _plugins = null!;

    [SetUp]
    public void SetUp()
    {
        // Load the host's SharedDep 1.0 into the default context first, as an application using it would have.
        Assert.That(SharedDep.Greeter.Greet("host"), Is.EqualTo("hello host (v1)"));
        _plugins = TestPluginFolder.With("VersionedPlugin");
    }

    [TearDown]
    public void TearDown() => _plugins.Dispose();

    [Test]
    public void Load_PluginWithSharedDepV2_HostKeepsV1AndPluginGetsV2FromItsFolder()
    {
        var plugin = _plugins.Load("VersionedPlugin");
        var walk = plugin.Assemblies[0].GetType("VersionedPlugin.ShoutingWalk", throwOnError: true)!;
        var pluginVersion = (Version)walk.GetProperty("SharedDepVersion", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var pluginSharedDep = plugin.LoadContext.Assemblies.Single(a => a.GetName().Name == "SharedDep");
        var hostSharedDep = typeof(SharedDep.Greeter).Assembly;
        Assert.Multiple(() =>
        {
            Assert.That(hostSharedDep.GetName().Version, Is.EqualTo(V1));
            Assert.That(AssemblyLoadContext.GetLoadContext(hostSharedDep), Is.SameAs(AssemblyLoadContext.Default));
            Assert.That(pluginVersion, Is.EqualTo(V2));
            Assert.That(pluginSharedDep.GetName().Version, Is.EqualTo(V2));
            Assert.That(pluginSharedDep, Is.Not.SameAs(hostSharedDep));
            Assert.That(Path.GetDirectoryName(pluginSharedDep.Location), Is.EqualTo(plugin.Folder));
            Assert.That(AssemblyLoadContext.Default.Assemblies.Where(a => a.GetName().Name == "SharedDep").Select(a => a.GetName().Version), Is.EqualTo(new[] { V1 }));
        });
    }

    [Test]
    public void Load_PluginBuiltAgainstANewerVersionOfASharedContract_IsAnErrorNamingBothVersions()
    {
        // Declaring SharedDep a shared contract would hand the plugin the host's 1.0 although it was built against 2.0:
        // instead of a plugin that silently contributes nothing (or fails later with MissingMethodException), the loader
        // refuses it with an error that names the folder and both versions.
        var errors = new Launcher.Configuration.ErrorList();
        var plugin = new PluginLoader(["SharedDep"]).Load(Path.Combine(_plugins.Directory, "VersionedPlugin"), errors);
        Assert.Multiple(() =>
        {
            Assert.That(plugin, Is.Null);
            Assert.That(errors.Errors.Select(e => e.ToString()), Has.Some.StartsWith("plugin 'VersionedPlugin'")
                .And.Contains("built against SharedDep 2.0.0.0, but the host provides 1.0.0.0"));
        });
    }

    [Test]
    public void Load_PluginFolderMissingTheDependencyItsTypesNeed_IsAnErrorNamingTheFolder()
    {
        // Without its own SharedDep.dll the plugin's LoudShouter (derived from a 2.0-only class) cannot load; the catalog's
        // scan would skip it silently, so the loader reports it.
        File.Delete(Path.Combine(_plugins.Directory, "VersionedPlugin", "SharedDep.dll"));
        var errors = new Launcher.Configuration.ErrorList();
        var plugin = new PluginLoader().Load(Path.Combine(_plugins.Directory, "VersionedPlugin"), errors);
        Assert.Multiple(() =>
        {
            Assert.That(plugin, Is.Null);
            Assert.That(errors.Errors.Select(e => e.ToString()), Has.Some.StartsWith("plugin 'VersionedPlugin'")
                .And.Contains("cannot load the types of VersionedPlugin").And.Contains("SharedDep"));
        });
    }

    [Test]
    public async Task Run_PluginStrategyUsingTheV2OnlyApi_ResolvesByNameFromYamlAndRuns()
    {
        var directory = _plugins.Directory + "-config";
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "versioned.yaml");
        await File.WriteAllTextAsync(file, """
            keys: [{ alias: anonymous id, generation: curve25519, ephemeral: true }]
            walker_interval: 0.5
            overlays:
              - name: Versioned
                class: Community
                community_id: 00112233445566778899aabbccddeeff00112233
                walkers:
                  - strategy: ShoutingWalk
                    peers: -1
                    init: { name: plugin, times: 3 }
            """);
        LauncherModel model;
        try
        {
            model = new LauncherModelBuilder(loadOptions: TestFiles.NoEnvironment)
                .AddAssemblies(typeof(Community).Assembly)
                .UsePluginsDirectory(_plugins.Directory)
                .AddFile(file)
                .Build();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        var net = new SimulatedNetwork(new SimulatedNetworkOptions { Seed = 3 });
        var endpoint = net.CreateEndpoint();
        await using var host = new OverlayHost(model, new ServiceCollection().BuildServiceProvider(), new OverlayHostOptions
        {
            EndpointFactory = _ => endpoint,
            TimeProvider = net.Clock,
            KeyFactory = new KeyFactory(),
            RandomSeed = 3,
        });
        await host.StartAsync();
        net.Clock.Advance(TimeSpan.FromSeconds(2));

        var strategy = host.Overlays.Single().Strategies.Single().Strategy;
        Assert.Multiple(() =>
        {
            Assert.That(model.Catalog.Resolve(ComponentKind.WalkStrategy, "ShoutingWalk").AssemblyName, Is.EqualTo("VersionedPlugin"));
            Assert.That(TestPluginFolder.Read<int>(strategy, "Steps"), Is.Positive);
            Assert.That(TestPluginFolder.Read<string>(strategy, "LastShout"), Is.EqualTo("PLUGIN!PLUGIN!PLUGIN! hello plugin (v2)"));
            Assert.That(SharedDep.Greeter.Greet("host"), Is.EqualTo("hello host (v1)"), "the host still calls its own 1.0");
        });
    }
}
