using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Tests.Support;

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
        var catalog = new ComponentCatalogBuilder(TestCatalog.Options).AddAssemblies(plugin.Assemblies).Build(new ErrorList());
        var walk = catalog.Resolve(ComponentKind.WalkStrategy, "EdgeWalk");
        Assert.Multiple(() =>
        {
            // Ipv8 (IDiscoveryStrategy) is shared with the host, so the plugin's strategies are found ...
            Assert.That(walk.Type, Is.Not.EqualTo(typeof(EdgeWalk)));
            Assert.That(walk.Type.Assembly, Is.SameAs(plugin.Assemblies[0]));

            // ... but the test's own stand-in base types live in the plugin's private copy of Launcher.Tests,
            // so nothing matches the host's TestCommunity: the silent mismatch sharing exists to prevent.
            Assert.That(catalog.Names(ComponentKind.Overlay), Is.Empty);
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
