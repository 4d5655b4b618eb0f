using System.Reflection;
using System.Runtime.Loader;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Catalog;

/// <summary>
/// Loads plugins: every sub-folder of a plugins directory is one plugin, loaded into its own non-collectible
/// <see cref="System.Runtime.Loader.AssemblyLoadContext"/>. Its main assembly is <c>&lt;folder&gt;.dll</c> when
/// present, else every <c>.dll</c> in the folder that is not a shared contract. The plugin's dependencies
/// resolve from its folder; the framework's contracts (<c>Ipv8</c>, <c>Launcher</c>,
/// <c>Microsoft.Extensions.*.Abstractions</c> and anything in <see cref="SharedAssemblies"/>) always come from
/// the default context, otherwise the plugin's types would not match the host's base types and would
/// silently not be found. A folder that fails to load is an error naming the folder; others still load.
/// </summary>
/// <remarks>
/// Loading is checked, so a plugin never silently contributes nothing: a plugin built against a newer version of a
/// shared contract than the host provides is refused (the host's older copy would be handed to it), and so is a plugin
/// whose types cannot be loaded (a dependency missing from its folder). Both are errors naming the folder and the
/// assembly. A plugin built against an older version of a shared contract loads and binds to the host's version.
/// </remarks>
public sealed class PluginLoader
{
    /// <summary>Assembly names always shared with the host.</summary>
    public static readonly IReadOnlyList<string> DefaultSharedAssemblies = ["Ipv8", "Launcher"];

    /// <summary>Creates a loader.</summary>
    /// <param name="sharedAssemblies">Extra assembly names to share with the host (beyond the defaults).</param>
    public PluginLoader(IEnumerable<string>? sharedAssemblies = null) =>
        SharedAssemblies = [.. DefaultSharedAssemblies.Concat(sharedAssemblies ?? [])];

    /// <summary>Assembly names resolved from the default context (plus every <c>Microsoft.Extensions.*.Abstractions</c>).</summary>
    public IReadOnlyList<string> SharedAssemblies { get; }

    /// <summary>
    /// Loads every plugin folder under <paramref name="pluginsDirectory"/>; a missing directory means no plugins.
    /// </summary>
    /// <param name="pluginsDirectory">The plugins directory (default <c>plugins/</c> beside the configuration).</param>
    /// <param name="errors">Receives one error per folder that fails to load.</param>
    /// <returns>The loaded plugins, ordered by folder name.</returns>
    public IReadOnlyList<LoadedPlugin> LoadAll(string pluginsDirectory, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(pluginsDirectory);
        ArgumentNullException.ThrowIfNull(errors);
        if (!Directory.Exists(pluginsDirectory))
        {
            return [];
        }

        var plugins = new List<LoadedPlugin>();
        foreach (var folder in Directory.GetDirectories(pluginsDirectory).Order(StringComparer.Ordinal))
        {
            if (Load(folder, errors) is { } plugin)
            {
                plugins.Add(plugin);
            }
        }

        return plugins;
    }

    /// <summary>Loads one plugin folder.</summary>
    /// <param name="folder">The plugin folder.</param>
    /// <param name="errors">Receives the error when the folder cannot be loaded.</param>
    /// <returns>The plugin, or null on error.</returns>
    public LoadedPlugin? Load(string folder, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(errors);
        var full = Path.GetFullPath(folder);
        var name = Path.GetFileName(full.TrimEnd(Path.DirectorySeparatorChar));
        var origin = new Origin($"plugin '{name}' ({full})");
        try
        {
            var preferred = Path.Combine(full, name + ".dll");
            var mains = File.Exists(preferred)
                ? [preferred]
                : Directory.GetFiles(full, "*.dll").Order(StringComparer.Ordinal)
                    .Where(f => !IsShared(new AssemblyName(Path.GetFileNameWithoutExtension(f)))).ToList();
            if (mains.Count == 0)
            {
                errors.Add(origin, "", $"contains no assembly (expected {name}.dll)");
                return null;
            }

            var context = new PluginLoadContext($"plugin:{name}", mains[0], IsShared);
            var assemblies = mains.Select(context.LoadFromAssemblyPath).ToList();
            var problems = assemblies.SelectMany(NewerSharedReferences).Concat(assemblies.SelectMany(TypeLoadFailures)).ToList();
            foreach (var problem in problems)
            {
                errors.Add(origin, "", problem);
            }

            return problems.Count > 0 ? null : new LoadedPlugin(name, full, assemblies, context);
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or UnauthorizedAccessException or ArgumentException)
        {
            errors.Add(origin, "", "failed to load: " + ex.Message);
            return null;
        }
    }

    /// <summary>One message per shared contract the assembly was built against in a newer version than the host's.</summary>
    private IEnumerable<string> NewerSharedReferences(Assembly assembly)
    {
        foreach (var reference in assembly.GetReferencedAssemblies().Where(IsShared))
        {
            Version? hostVersion;
            try
            {
                hostVersion = AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(reference.Name!)).GetName().Version;
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException)
            {
                continue; // The host lacks it entirely: the plugin's types fail to load, reported below.
            }

            if (reference.Version is { } wanted && hostVersion is { } host && wanted > host)
            {
                yield return $"{assembly.GetName().Name} was built against {reference.Name} {wanted}, but the host provides {host}; "
                    + "shared contracts always come from the host, so rebuild the plugin against the host's version";
            }
        }
    }

    /// <summary>The first type-load failure of the assembly, if any (a dependency missing from the plugin's folder, ...).</summary>
    private static IEnumerable<string> TypeLoadFailures(Assembly assembly)
    {
        string? failure = null;
        try
        {
            _ = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            failure = ex.LoaderExceptions.FirstOrDefault(e => e is not null)?.Message ?? ex.Message;
        }

        return failure is null ? [] : [$"cannot load the types of {assembly.GetName().Name}: {failure}"];
    }

    private bool IsShared(AssemblyName assemblyName)
    {
        var simple = assemblyName.Name ?? "";
        return SharedAssemblies.Contains(simple, StringComparer.OrdinalIgnoreCase)
            || (simple.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && simple.EndsWith(".Abstractions", StringComparison.Ordinal));
    }
}
