using System.Reflection;
using Ipv8.Bootstrapping;
using Ipv8.Discovery;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Cli;

/// <summary>
/// Parts of <see cref="StartupWarmup"/> that only compile code the main thread is about to run: the configuration
/// schema's validator (built once per process, so this part is kept), the component catalog
/// scan over the core assemblies and the reflection-based JSON binding of the <c>init</c> options of the walk strategy
/// and bootstrapper the default <c>overlays.yaml</c> uses. Results and errors are thrown away; nothing is opened,
/// read or written.
/// </summary>
internal static class ModelWarmup
{
    /// <summary>Binds <see cref="RandomWalkOptions"/> and <see cref="DispersyBootstrapperOptions"/> from settings like the default file's.</summary>
    public static void WarmOptionsBinding()
    {
        Try(() => OptionsBinder.Create(typeof(RandomWalkOptions), SettingsMap.FromObjects(
            [KeyValuePair.Create<string, object?>("timeout", 3.0)]), []));
        Try(() => OptionsBinder.Create(typeof(DispersyBootstrapperOptions), SettingsMap.FromObjects(
            [
                KeyValuePair.Create<string, object?>("ip_addresses", new object[] { new object[] { "127.0.0.1", 1 } }),
                KeyValuePair.Create<string, object?>("bootstrap_timeout", 5.0),
            ]), []));
    }

    /// <summary>Builds the shared configuration schema and compiles its evaluation (<see cref="ConfigurationLoader.PrepareSchema"/>).</summary>
    public static void WarmSchema() => Try(() =>
    {
        ConfigurationLoader.PrepareSchema();
        return true;
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
