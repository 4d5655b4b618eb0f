using System.Collections.Immutable;
using System.Reflection;
using Ipv8.Bootstrapping;
using Ipv8.Communities;
using Ipv8.Discovery;
using Launcher.Attributes;
using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Launching;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Catalog;

/// <summary>
/// Builds the <see cref="ComponentCatalog"/> once: scans assemblies with Scrutor (public, concrete,
/// non-generic classes assignable to a kind's base type) and adds explicitly given types. Two components of
/// one kind with the same name are an error naming both assemblies, unless one declares
/// <see cref="ReplacesAttribute"/> for the other.
/// </summary>
public sealed class ComponentCatalogBuilder
{
    /// <summary>The base type of each built-in kind: a concrete public class assignable to it is a component of that kind.</summary>
    private static readonly IReadOnlyDictionary<ComponentKind, Type> BuiltInBaseTypes = new Dictionary<ComponentKind, Type>
    {
        [ComponentKind.Launcher] = typeof(CommunityLauncher),
        [ComponentKind.Overlay] = typeof(Community),
        [ComponentKind.WalkStrategy] = typeof(IDiscoveryStrategy),
        [ComponentKind.Bootstrapper] = typeof(IBootstrapper),
        [ComponentKind.Condition] = typeof(ILaunchCondition),
        [ComponentKind.DiscoveryInterface] = typeof(Ipv8.Rendezvous.IDiscoveryInterface),
    };

    private readonly Dictionary<ComponentKind, Type> _baseTypes = new(BuiltInBaseTypes);
    private readonly Dictionary<ComponentKind, Func<Type, string?>> _naming = [];
    private readonly List<Assembly> _assemblies = [];
    private readonly List<Type> _types = [];

    /// <summary>
    /// Registers a kind whose base type lives outside the core (an extension assembly such as <c>Launcher.Connectivity</c>
    /// registers <see cref="ComponentKind.PipeHandler"/>), so the scan finds its components. Registering the same kind with
    /// the same base type again has no effect.
    /// </summary>
    /// <param name="kind">The kind.</param>
    /// <param name="baseType">The base type (class or interface) of its components.</param>
    /// <param name="naming">How a component of this kind is named (null from it, or no function, = like every component: class name or <c>[ComponentName]</c>).</param>
    /// <returns>This builder.</returns>
    /// <exception cref="InvalidOperationException">The kind already has another base type.</exception>
    public ComponentCatalogBuilder AddKind(ComponentKind kind, Type baseType, Func<Type, string?>? naming = null)
    {
        ArgumentNullException.ThrowIfNull(baseType);
        if (_baseTypes.TryGetValue(kind, out var known) && known != baseType)
            throw new InvalidOperationException($"the {ComponentCatalog.KindText(kind)} kind already has base type {known.FullName}");
        _baseTypes[kind] = baseType;
        if (naming is not null)
            _naming[kind] = naming;
        return this;
    }

    /// <summary>Adds assemblies to scan (core, launcher and plugin assemblies). Adding one twice has no effect.</summary>
    /// <param name="assemblies">The assemblies.</param>
    /// <returns>This builder.</returns>
    public ComponentCatalogBuilder AddAssemblies(params IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        _assemblies.AddRange(assemblies.Where(a => !_assemblies.Contains(a)));
        return this;
    }

    /// <summary>Adds component types directly (without scanning their assemblies).</summary>
    /// <param name="types">The types; each must be assignable to some kind's base type.</param>
    /// <returns>This builder.</returns>
    public ComponentCatalogBuilder AddTypes(params IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        _types.AddRange(types.Where(t => !_types.Contains(t)));
        return this;
    }

    /// <summary>Scans and builds the catalog, reporting unloadable assemblies and duplicate names.</summary>
    /// <param name="errors">Receives problems.</param>
    /// <returns>The catalog (without the offending components when there were errors).</returns>
    public ComponentCatalog Build(ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        // Named components: the scan names each class through Scrutor's keyed registration; explicit types alike.
        var named = new Dictionary<Type, string>();
        foreach (var assembly in _assemblies)
        {
            foreach (var (type, name) in Scan(assembly, _baseTypes.Values, errors))
            {
                named.TryAdd(type, name);
            }
        }

        foreach (var type in _types.Where(t => !named.ContainsKey(t)))
        {
            if (!_baseTypes.Values.Any(b => b.IsAssignableFrom(type)) || type.IsAbstract || type.ContainsGenericParameters)
            {
                errors.Add(Where(type), "", $"type {type.FullName} is not a concrete component of any known kind");
                continue;
            }

            named.Add(type, ComponentNaming.NameOf(type));
        }

        var byKind = ImmutableDictionary.CreateBuilder<ComponentKind, ImmutableDictionary<string, ComponentDescriptor>>();
        foreach (var (kind, baseType) in _baseTypes)
        {
            var naming = _naming.GetValueOrDefault(kind);
            var components = named.Where(p => baseType.IsAssignableFrom(p.Key))
                .Select(p => new ComponentDescriptor(kind, naming?.Invoke(p.Key) ?? p.Value, p.Key)).ToList();
            byKind[kind] = Index(kind, components, errors);
        }

        return new ComponentCatalog(byKind.ToImmutable());
    }

    private static List<(Type Type, string Name)> Scan(Assembly assembly, IEnumerable<Type> baseTypes, ErrorList errors)
    {
        var services = new ServiceCollection();
        try
        {
            services.Scan(scan => scan.FromAssemblies(assembly)
                .AddClasses(classes => classes.AssignableToAny(baseTypes).Where(t => !t.ContainsGenericParameters))
                .AsSelf()
                .WithServiceKey(ComponentNaming.NameOf)
                .WithTransientLifetime());
        }
        catch (Exception ex) when (ex is ReflectionTypeLoadException or FileNotFoundException or FileLoadException or TypeLoadException or BadImageFormatException)
        {
            var detail = ex is ReflectionTypeLoadException load ? load.LoaderExceptions.FirstOrDefault(e => e is not null)?.Message ?? ex.Message : ex.Message;
            errors.Add(new Origin($"assembly {assembly.GetName().Name}"), "", $"cannot scan for components: {detail}");
            return [];
        }

        return [.. services.Where(d => d.KeyedImplementationType is not null)
            .Select(d => (d.KeyedImplementationType!, (string)d.ServiceKey!))];
    }

    private static ImmutableDictionary<string, ComponentDescriptor> Index(ComponentKind kind, List<ComponentDescriptor> components, ErrorList errors)
    {
        // Replacements first: a replaced component leaves the catalog and its name becomes an alias of the replacement.
        var aliases = new List<(string Name, ComponentDescriptor Target)>();
        foreach (var replacer in components.ToList())
        {
            if (replacer.Type.GetCustomAttribute<ReplacesAttribute>() is not { } replaces)
            {
                continue;
            }

            var replaced = components.Where(c => c != replacer
                && (replaces.ReplacedType is { } t ? c.Type == t : c.Name == replaces.ReplacedName)).ToList();
            foreach (var target in replaced)
            {
                components.Remove(target);
                if (target.Name != replacer.Name)
                {
                    aliases.Add((target.Name, replacer));
                }
            }
        }

        var result = ImmutableDictionary.CreateBuilder<string, ComponentDescriptor>(StringComparer.Ordinal);
        foreach (var group in components.GroupBy(c => c.Name, StringComparer.Ordinal))
        {
            var list = group.ToList();
            if (list.Count > 1)
            {
                errors.Add(new Origin("component catalog"), "",
                    $"{list.Count} {ComponentCatalog.KindText(kind)} components are named '{group.Key}': "
                    + string.Join(" and ", list.Select(c => $"{c.Type.FullName} in assembly {c.AssemblyName}"))
                    + "; rename one with [ComponentName] or mark one [Replaces] the other");
                continue;
            }

            result[group.Key] = list[0];
        }

        foreach (var (name, target) in aliases)
        {
            result.TryAdd(name, target);
        }

        return result.ToImmutable();
    }

    private static Origin Where(Type type) => new($"assembly {type.Assembly.GetName().Name}");
}
