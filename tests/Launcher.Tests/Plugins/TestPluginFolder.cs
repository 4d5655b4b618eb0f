using System.Reflection;
using Launcher.Catalog;
using Launcher.Configuration;

namespace Launcher.Tests.Plugins;

/// <summary>
/// A temporary plugins directory holding copies of plugins the test project built (see CopyTestPlugins in
/// Launcher.Tests.csproj: each plugin's build output lands in TestPlugins/&lt;folder&gt;/ beside the tests).
/// </summary>
internal sealed class TestPluginFolder : IDisposable
{
    private TestPluginFolder(string directory) => Directory = directory;

    /// <summary>Gets the plugins directory (one sub-folder per plugin).</summary>
    public string Directory { get; }

    /// <summary>Creates a fresh temporary plugins directory with copies of the named built plugins.</summary>
    public static TestPluginFolder With(params string[] plugins)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"launcher-plugins-{Guid.NewGuid():N}");
        System.IO.Directory.CreateDirectory(directory);
        foreach (var plugin in plugins)
        {
            var source = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestPlugins", plugin);
            if (!System.IO.Directory.Exists(source))
            {
                throw new DirectoryNotFoundException($"the test project did not build plugin '{plugin}' into {source}");
            }

            var target = Path.Combine(directory, plugin);
            System.IO.Directory.CreateDirectory(target);
            foreach (var file in System.IO.Directory.GetFiles(source))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }
        }

        return new TestPluginFolder(directory);
    }

    /// <summary>Loads the one plugin named <paramref name="name"/>; fails the test on any loader error.</summary>
    public LoadedPlugin Load(string name)
    {
        var errors = new ErrorList();
        var plugin = new PluginLoader().Load(Path.Combine(Directory, name), errors);
        Assert.That(errors.Errors, Is.Empty, "plugin load errors");
        return plugin!;
    }

    /// <summary>Builds the production catalog over the Ipv8 assembly and <paramref name="plugin"/>; fails the test on errors.</summary>
    public static ComponentCatalog Catalog(LoadedPlugin plugin)
    {
        var errors = new ErrorList();
        var catalog = new ComponentCatalogBuilder().AddAssemblies(typeof(Ipv8.Communities.Community).Assembly).AddAssemblies(plugin.Assemblies).Build(errors);
        Assert.That(errors.Errors, Is.Empty, "catalog errors");
        return catalog;
    }

    /// <summary>Reads a public instance property of a plugin object (tests have no compile-time reference to plugin types).</summary>
    public static T Read<T>(object instance, string property)
        => (T)(instance.GetType().GetProperty(property, BindingFlags.Public | BindingFlags.Instance)
               ?? throw new MissingMemberException(instance.GetType().FullName, property)).GetValue(instance)!;

    /// <summary>Calls a public instance method of a plugin object.</summary>
    public static T Call<T>(object instance, string method, params object[] arguments)
        => (T)(instance.GetType().GetMethod(method, BindingFlags.Public | BindingFlags.Instance, [.. arguments.Select(a => a.GetType())])
               ?? throw new MissingMethodException(instance.GetType().FullName, method)).Invoke(instance, arguments)!;

    public void Dispose()
    {
        // The load contexts are not collectible, so the assemblies stay mapped; deleting may fail on some platforms.
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
