using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Tests.Support;
using Launcher.Tests.Support.Hosting;

namespace Launcher.Tests.Catalog;

public sealed class PluginLoaderTests
{
    private string _plugins = "";

    [SetUp]
    public void SetUp()
    {
        _plugins = Path.Combine(Path.GetTempPath(), $"launcher-plugins-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_plugins);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_plugins, recursive: true);

    private string CopyTestAssemblyTo(string folderName)
    {
        var folder = Path.Combine(_plugins, folderName);
        Directory.CreateDirectory(folder);
        var source = typeof(TestCatalog).Assembly.Location;
        File.Copy(source, Path.Combine(folder, Path.GetFileName(source)));
        return folder;
    }

    [Test]
    public void LoadAll_BuiltAssemblyInFolder_LoadsIntoItsOwnContext()
    {
        CopyTestAssemblyTo("sample");
        var errors = new ErrorList();
        var plugin = new PluginLoader().LoadAll(_plugins, errors).Single();
        var assembly = plugin.Assemblies.Single();
        Assert.Multiple(() =>
        {
            Assert.That(errors.Errors, Is.Empty);
            Assert.That(plugin.Name, Is.EqualTo("sample"));
            Assert.That(plugin.LoadContext.IsCollectible, Is.False);
            Assert.That(assembly, Is.Not.SameAs(typeof(TestCatalog).Assembly));
            Assert.That(System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(assembly), Is.SameAs(plugin.LoadContext));
        });
    }

    [Test]
    public void Catalog_PluginComponents_MatchSharedContractsOnly()
    {
        CopyTestAssemblyTo("sample");
        var errors = new ErrorList();
        var plugin = new PluginLoader().LoadAll(_plugins, errors).Single();
        var catalog = new ComponentCatalogBuilder().AddAssemblies(plugin.Assemblies).Build(new ErrorList());
        var walk = catalog.Resolve(ComponentKind.WalkStrategy, nameof(ExplodingWalk));
        var overlay = catalog.Resolve(ComponentKind.Overlay, nameof(ChatCommunity));
        Assert.Multiple(() =>
        {
            // Ipv8 (IDiscoveryStrategy, Community) is shared with the host, so the plugin's own copies of the test
            // components are found, as the plugin's types, not the host's.
            Assert.That(walk.Type, Is.Not.EqualTo(typeof(ExplodingWalk)));
            Assert.That(walk.Type.Assembly, Is.SameAs(plugin.Assemblies[0]));
            Assert.That(overlay.Type.Assembly, Is.SameAs(plugin.Assemblies[0]));
        });
    }

    [Test]
    public void Load_FolderWithoutAssembly_IsAnErrorNamingTheFolder()
    {
        Directory.CreateDirectory(Path.Combine(_plugins, "empty"));
        var errors = new ErrorList();
        new PluginLoader().LoadAll(_plugins, errors);
        Assert.That(errors.Errors.Single().ToString(), Does.StartWith("plugin 'empty'").And.Contain("contains no assembly"));
    }

    [Test]
    public void Load_CorruptAssembly_IsAnErrorNamingTheFolder_OthersStillLoad()
    {
        var broken = Path.Combine(_plugins, "broken");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "broken.dll"), "not an assembly");
        CopyTestAssemblyTo("sample");
        var errors = new ErrorList();
        var plugins = new PluginLoader().LoadAll(_plugins, errors);
        Assert.Multiple(() =>
        {
            Assert.That(errors.Errors.Single().ToString(), Does.StartWith("plugin 'broken'").And.Contain("failed to load"));
            Assert.That(plugins.Select(p => p.Name), Is.EqualTo(new[] { "sample" }));
        });
    }

    [Test]
    public void LoadAll_MissingDirectory_MeansNoPlugins()
    {
        var errors = new ErrorList();
        Assert.That(new PluginLoader().LoadAll(Path.Combine(_plugins, "absent"), errors), Is.Empty);
        Assert.That(errors.HasErrors, Is.False);
    }
}
