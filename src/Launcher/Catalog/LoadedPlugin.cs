using System.Reflection;
using System.Runtime.Loader;

namespace Launcher.Catalog;

/// <summary>A plugin folder that was loaded.</summary>
/// <param name="Name">The folder name.</param>
/// <param name="Folder">The full folder path.</param>
/// <param name="Assemblies">The plugin's main assemblies (to scan for components).</param>
/// <param name="LoadContext">The plugin's load context.</param>
public sealed record LoadedPlugin(string Name, string Folder, IReadOnlyList<Assembly> Assemblies, AssemblyLoadContext LoadContext);
