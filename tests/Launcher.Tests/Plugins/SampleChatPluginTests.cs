using System.Reflection;
using System.Runtime.Loader;
using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Discovery;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Launching;
using Launcher.Tests.Support;

namespace Launcher.Tests.Plugins;

/// <summary>
/// The sample chat plugin (launchers/SampleChat.Plugin), built by the test project and copied into a temporary plugins
/// folder: discovery by the catalog, its own load context with shared framework contracts, and name resolution from YAML.
/// </summary>
public sealed class SampleChatPluginTests
{
    private TestPluginFolder _plugins = null!;

    [SetUp]
    public void SetUp() => _plugins = TestPluginFolder.With("SampleChat");

    [TearDown]
    public void TearDown() => _plugins.Dispose();

    [Test]
    public void Catalog_SampleChatPlugin_FindsLauncherCommunityStrategyAndBootstrapperInThePluginAssembly()
    {
        var plugin = _plugins.Load("SampleChat");
        var catalog = TestPluginFolder.Catalog(plugin);

        var launcher = catalog.Resolve(ComponentKind.Launcher, "ChatLauncher");
        var overlay = catalog.Resolve(ComponentKind.Overlay, "ChatCommunity");
        var strategy = catalog.Resolve(ComponentKind.WalkStrategy, "RoundRobinWalk");
        var bootstrapper = catalog.Resolve(ComponentKind.Bootstrapper, "StaticListBootstrapper");
        Assert.Multiple(() =>
        {
            Assert.That(plugin.Assemblies.Select(a => a.GetName().Name), Is.EqualTo(new[] { "SampleChat" }));
            foreach (var component in new[] { launcher, overlay, strategy, bootstrapper })
            {
                Assert.That(component.AssemblyName, Is.EqualTo("SampleChat"), component.Name);
                Assert.That(component.Type.Assembly, Is.SameAs(plugin.Assemblies[0]), component.Name);
            }

            // The built-in components of the host assembly are still there beside them.
            Assert.That(catalog.Resolve(ComponentKind.WalkStrategy, "RandomWalk").Type, Is.EqualTo(typeof(Ipv8.Discovery.RandomWalk)));
        });
    }

    [Test]
    public void LoadContext_SampleChatPlugin_IsItsOwnButSharesIpv8AndLauncherTypesWithTheHost()
    {
        var plugin = _plugins.Load("SampleChat");
        var chat = plugin.Assemblies[0].GetType("SampleChat.ChatCommunity", throwOnError: true)!;
        var walk = plugin.Assemblies[0].GetType("SampleChat.RoundRobinWalk", throwOnError: true)!;
        var bootstrapper = plugin.Assemblies[0].GetType("SampleChat.StaticListBootstrapper", throwOnError: true)!;
        var launcher = plugin.Assemblies[0].GetType("SampleChat.ChatLauncher", throwOnError: true)!;
        Assert.Multiple(() =>
        {
            Assert.That(AssemblyLoadContext.GetLoadContext(chat.Assembly), Is.SameAs(plugin.LoadContext));
            Assert.That(plugin.LoadContext, Is.Not.SameAs(AssemblyLoadContext.Default));

            // Type identity: the plugin's base types ARE the host's, not look-alikes from a second copy.
            Assert.That(chat.BaseType, Is.SameAs(typeof(Community)));
            Assert.That(typeof(IDiscoveryStrategy).IsAssignableFrom(walk), Is.True);
            Assert.That(typeof(IBootstrapper).IsAssignableFrom(bootstrapper), Is.True);
            Assert.That(typeof(CommunityLauncher).IsAssignableFrom(launcher), Is.True);
            Assert.That(AssemblyLoadContext.GetLoadContext(typeof(Community).Assembly), Is.SameAs(AssemblyLoadContext.Default));
            Assert.That(plugin.LoadContext.LoadFromAssemblyName(new AssemblyName("Ipv8")), Is.SameAs(typeof(Community).Assembly));
            Assert.That(plugin.LoadContext.LoadFromAssemblyName(new AssemblyName("Launcher")), Is.SameAs(typeof(CommunityLauncher).Assembly));

            // The plugin folder does not carry the framework's contracts at all.
            Assert.That(Directory.GetFiles(plugin.Folder, "*.dll").Select(Path.GetFileName), Is.EqualTo(new[] { "SampleChat.dll" }));
        });
    }

    [Test]
    public void Model_YamlNamingThePluginsComponents_ResolvesEveryNameToThePluginTypes()
    {
        var model = BuildModel(ChatSimulation.Yaml("127.0.0.1:18095"));
        var overlay = model.Plan.Order.Single();
        var plugin = model.Plugins.Single();
        Assert.Multiple(() =>
        {
            Assert.That(overlay.Name, Is.EqualTo("SampleChat"));
            Assert.That(overlay.Origin.ToString(), Does.Contain("chat.yaml"), "the file's definition replaced the launcher class's");
            Assert.That(model.Catalog.Resolve(ComponentKind.Overlay, overlay.Class).Type.Assembly, Is.SameAs(plugin.Assemblies[0]));
            Assert.That(model.Catalog.Resolve(ComponentKind.WalkStrategy, overlay.Walkers.Single().Strategy).Type.FullName, Is.EqualTo("SampleChat.RoundRobinWalk"));
            Assert.That(model.Catalog.Resolve(ComponentKind.Bootstrapper, overlay.Bootstrappers.Single().Class).Type.FullName, Is.EqualTo("SampleChat.StaticListBootstrapper"));
        });
    }

    [Test]
    public void Model_PluginLauncherClassWithoutAFileDefinition_ContributesItsAttributeOverlay()
    {
        var model = BuildModel("keys: [{ alias: anonymous id, generation: curve25519, ephemeral: true }]\n");
        var overlay = model.Plan.Order.Single();
        Assert.Multiple(() =>
        {
            Assert.That(overlay.Name, Is.EqualTo("SampleChat"));
            Assert.That(overlay.Class, Is.EqualTo("ChatCommunity"));
            Assert.That(overlay.Origin.ToString(), Does.Contain("ChatLauncher"));
            Assert.That(overlay.Walkers.Select(w => (w.Strategy, w.Peers)), Is.EqualTo(new[] { ("RoundRobinWalk", 10) }));
            Assert.That(overlay.Bootstrappers.Single().Class, Is.EqualTo("StaticListBootstrapper"));
        });
    }

    [Test]
    public void Model_ShippedChatYaml_LoadsWithThePluginAndStaysOnLoopback()
    {
        var model = BuildModel(File.ReadAllText(TestFiles.Resource("SampleChat/chat.yaml")));
        var chat = model.Plan.Order.Single();
        var bootstrapper = chat.Bootstrappers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(model.Plan.Order.Select(o => o.Name), Is.EqualTo(new[] { "SampleChat" }), "DiscoveryCommunity is disabled");
            Assert.That(model.Catalog.Resolve(ComponentKind.Overlay, chat.Class).AssemblyName, Is.EqualTo("SampleChat"));
            Assert.That(model.Catalog.Resolve(ComponentKind.WalkStrategy, chat.Walkers.Single().Strategy).AssemblyName, Is.EqualTo("SampleChat"));
            Assert.That(model.Catalog.Resolve(ComponentKind.Bootstrapper, bootstrapper.Class).AssemblyName, Is.EqualTo("SampleChat"));
            Assert.That(model.Configuration.Instances, Is.EqualTo(2));
            Assert.That(model.Configuration.Tracker, Is.Not.Null);
            Assert.That((model.Configuration.Tracker!.Address, model.Configuration.Tracker.Port), Is.EqualTo(("127.0.0.1", 18095)));
            Assert.That(model.Configuration.Interfaces.Select(i => i.Ip), Is.All.EqualTo("127.0.0.1"));
            Assert.That(bootstrapper.Init["addresses"].ToString(), Does.Contain("127.0.0.1").And.Contain("18095"));
            Assert.That(model.Configuration.Keys.Single().Ephemeral, Is.True, "no key file is written by the sample");
        });
    }

    [Test]
    public void Model_MisspelledPluginComponentName_FailsWithTheKnownNames()
    {
        var yaml = ChatSimulation.Yaml("127.0.0.1:18095").Replace("strategy: RoundRobinWalk", "strategy: RoundRobinWalks", StringComparison.Ordinal);
        var exception = Assert.Throws<ConfigurationException>(() => BuildModel(yaml));
        Assert.That(exception!.Message, Does.Contain("RoundRobinWalks").And.Contain("RoundRobinWalk"));
    }

    private LauncherModel BuildModel(string yaml)
    {
        var directory = _plugins.Directory + "-config";
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "chat.yaml");
        File.WriteAllText(file, yaml);
        try
        {
            return new LauncherModelBuilder(loadOptions: TestFiles.NoEnvironment)
                .AddAssemblies(typeof(Community).Assembly)
                .UsePluginsDirectory(_plugins.Directory)
                .AddFile(file)
                .Build();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
