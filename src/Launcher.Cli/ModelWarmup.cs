using System.Reflection;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Connectivity;
using Launcher.Launching;

namespace Launcher.Cli;

/// <summary>
/// Parts of <see cref="StartupWarmup"/> that only compile code the main thread is about to run, whatever the
/// configuration: the configuration schema's validator (built once per process, so this part is kept), the YAML parser,
/// binder and model building (on a built-in sample, without the schema) and the component catalog scan over the core
/// assemblies. What the real file declares is resolved once, by the main thread. Results and errors are thrown away; nothing is opened, read or written.
/// </summary>
internal static class ModelWarmup
{
    /// <summary>Builds the shared configuration schema and compiles its evaluation (<see cref="ConfigurationLoader.PrepareSchema"/>).</summary>
    public static void WarmSchema() => Try(() =>
    {
        ConfigurationLoader.PrepareSchema();
        return true;
    });

    /// <summary>
    /// Parses and binds a built-in sample configuration without the schema (<see cref="ConfigurationLoader.PrepareParsing"/>),
    /// then builds a model from it over the core assemblies (what <c>run</c> does next: catalog, attributes, merge, each
    /// overlay resolved with its walker and bootstrapper options bound, its key made in memory, the plan). Plugins are not
    /// loaded (the plugins directory given is one that does not exist) and nothing is launched.
    /// </summary>
    public static void WarmParsingAndModel() => Try(() =>
    {
        if (ConfigurationLoader.PrepareParsing() is not { } sample)
        {
            return false;
        }

        var noPlugins = Path.Combine(Path.GetTempPath(), "launcher-warm-up-no-plugins-" + Guid.NewGuid().ToString("N"));
        return new LauncherModelBuilder().AddAssemblies(ModelLoading.CoreAssemblies).UsePluginsDirectory(noPlugins).AddPipeHandlers().AddConfiguration(sample).Build();
    });

    /// <summary>Builds (and discards) the catalog of <paramref name="assemblies"/>.</summary>
    /// <param name="assemblies">The core assemblies the command scans.</param>
    public static void WarmCatalog(Assembly[] assemblies) =>
        Try(() => new ComponentCatalogBuilder().AddAssemblies(assemblies).Build(new ErrorList()));

    private static void Try(Func<object> work)
    {
        try
        {
            _ = work();
        }
#pragma warning disable CA1031 // Only a warm-up: the main thread reports every real problem when it does the same work.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
