using System.Reflection;
using System.Runtime.Loader;

namespace Launcher.Catalog;

/// <summary>
/// One plugin folder's <see cref="AssemblyLoadContext"/> (not collectible). The plugin's own dependencies
/// resolve from its folder (via <see cref="AssemblyDependencyResolver"/> and its <c>.deps.json</c> when
/// present, else by file name); shared contracts return null here so they come from the default context.
/// That sharing is essential: if a plugin loaded its own copy of <c>Ipv8.dll</c> or <c>Launcher.dll</c>, its
/// <c>IDiscoveryStrategy</c> would be a different type from the host's, and its components would silently
/// fail to match any kind.
/// </summary>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _folder;
    private readonly Func<AssemblyName, bool> _isShared;

    public PluginLoadContext(string name, string mainAssemblyPath, Func<AssemblyName, bool> isShared)
        : base(name, isCollectible: false)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        _folder = Path.GetDirectoryName(mainAssemblyPath)!;
        _isShared = isShared;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (_isShared(assemblyName))
        {
            return null;
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            var local = Path.Combine(_folder, assemblyName.Name + ".dll");
            path = File.Exists(local) ? local : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
