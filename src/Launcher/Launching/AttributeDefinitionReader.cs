using System.Reflection;
using Launcher.Attributes;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// The attribute front door: reads a <see cref="CommunityLauncher"/> subclass's attributes into the same
/// <see cref="OverlayDefinition"/> files and <see cref="ConfigBuilder"/> produce, with origins such as
/// <c>attribute [WalkStrategy] on ChatLauncher</c>. Types are recorded by catalog name and resolved later.
/// </summary>
public static class AttributeDefinitionReader
{
    /// <summary>Reads one launcher type.</summary>
    /// <param name="launcherType">A concrete <see cref="CommunityLauncher"/> subclass.</param>
    /// <param name="errors">Receives problems (not a launcher, no [Overlay], bad settings types, bad precondition methods).</param>
    /// <returns>The definition, or null when the type cannot describe an overlay.</returns>
    public static OverlayDefinition? Read(Type launcherType, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(launcherType);
        ArgumentNullException.ThrowIfNull(errors);
        var origin = Origin.FromAttribute("Overlay", launcherType);
        if (!typeof(CommunityLauncher).IsAssignableFrom(launcherType) || launcherType.IsAbstract)
        {
            errors.Add(new Origin($"type {launcherType.FullName}"), "", "is not a concrete CommunityLauncher subclass");
            return null;
        }

        var name = CommunityLauncher.NameOf(launcherType);
        if (launcherType.GetCustomAttribute<OverlayAttribute>() is not { } overlay)
        {
            errors.Add(new Origin($"launcher {launcherType.Name}"), name, "has no [Overlay] attribute naming the overlay to launch");
            return null;
        }

        var walkerOrigin = Origin.FromAttribute("WalkStrategy", launcherType);
        var bootstrapperOrigin = Origin.FromAttribute("Bootstrapper", launcherType);
        return new OverlayDefinition
        {
            Name = name,
            Class = overlay.ClassName,
            Key = overlay.Key,
            Initialize = SettingsTypeConverter.Convert(overlay.Settings, origin, name + ".initialize", errors),
            CommunityId = overlay.CommunityId?.ToLowerInvariant(),
            Walkers = EquatableArray.From(launcherType.GetCustomAttributes<WalkStrategyAttribute>().Select(w => new WalkerDefinition
            {
                Strategy = w.StrategyName,
                Peers = w.TargetPeers,
                Init = SettingsTypeConverter.Convert(w.Settings, walkerOrigin, name + ".walkers", errors),
                Origin = walkerOrigin,
            })),
            Bootstrappers = EquatableArray.From(launcherType.GetCustomAttributes<BootstrapperAttribute>().Select(b => new BootstrapperDefinition
            {
                Class = b.ClassName,
                Init = SettingsTypeConverter.Convert(b.Settings, bootstrapperOrigin, name + ".bootstrappers", errors),
                Origin = bootstrapperOrigin,
            })),
            OnStart = EquatableArray.From(launcherType.GetCustomAttributes<OnStartAttribute>()
                .Select(s => new OnStartCall(s.Method, EquatableArray.From(s.Arguments.Select(ConfigValue.FromObject))))),
            After = EquatableArray.From(launcherType.GetCustomAttributes<AfterAttribute>().SelectMany(a => a.Names)),
            Conditions = EquatableArray.From(launcherType.GetCustomAttributes<PreconditionAttribute>()
                .Select(p => ConditionName(launcherType, p, errors)).OfType<string>()),
            Origin = origin,
        };
    }

    /// <summary>Reads several launcher types (e.g. the catalog's launchers), collecting all problems.</summary>
    /// <param name="launcherTypes">The launcher types.</param>
    /// <param name="errors">Receives problems.</param>
    /// <returns>The definitions that could be read.</returns>
    public static IReadOnlyList<OverlayDefinition> ReadAll(IEnumerable<Type> launcherTypes, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(launcherTypes);
        return [.. launcherTypes.Select(t => Read(t, errors)).OfType<OverlayDefinition>()];
    }

    /// <summary>
    /// The recorded name of a precondition: the condition type's catalog name, or
    /// <c>LauncherType.Method</c> for the static-method form (resolved by <see cref="ComponentCatalog"/>).
    /// </summary>
    private static string? ConditionName(Type launcherType, PreconditionAttribute precondition, ErrorList errors)
    {
        var origin = Origin.FromAttribute("Precondition", launcherType);
        if (precondition.ConditionType is { } type)
        {
            if (!typeof(ILaunchCondition).IsAssignableFrom(type))
            {
                errors.Add(origin, CommunityLauncher.NameOf(launcherType), $"{type.Name} does not implement ILaunchCondition");
                return null;
            }

            return ComponentNaming.NameOf(type);
        }

        var method = launcherType.GetMethod(precondition.MethodName!, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(LaunchContext)]);
        if (method is null || method.ReturnType != typeof(bool))
        {
            errors.Add(origin, CommunityLauncher.NameOf(launcherType),
                $"no static method 'bool {precondition.MethodName}(LaunchContext)' on {launcherType.Name}");
            return null;
        }

        return $"{ComponentNaming.NameOf(launcherType)}.{method.Name}";
    }
}
