using System.Reflection;
using Launcher.Catalog;
using Launcher.Configuration;

namespace Launcher.Cli;

/// <summary>
/// Parts of <see cref="StartupWarmup"/> that only compile code the main thread is about to run, whatever the
/// configuration: the configuration schema's validator (built once per process, so this part is kept) and the component
/// catalog scan over the core assemblies. No settings are bound and no component is named: what a file declares is
/// resolved once, by the main thread. Results and errors are thrown away; nothing is opened, read or written.
/// </summary>
internal static class ModelWarmup
{
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
