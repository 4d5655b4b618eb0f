using Ipv8.Discovery;
using Launcher.Launching;

namespace Launcher.Catalog;

/// <summary>Which base type describes each <see cref="ComponentKind"/> (a concrete public class assignable to it is a component).</summary>
public sealed record ComponentCatalogOptions
{
    /// <summary>The base type of each kind; a kind without an entry has no components.</summary>
    public required IReadOnlyDictionary<ComponentKind, Type> BaseTypes { get; init; }

    /// <summary>The production kinds: launchers, overlays, walk strategies, bootstrappers and conditions.</summary>
    public static ComponentCatalogOptions Default { get; } = new()
    {
        BaseTypes = new Dictionary<ComponentKind, Type?>
        {
            [ComponentKind.Launcher] = typeof(CommunityLauncher),
            [ComponentKind.WalkStrategy] = typeof(IDiscoveryStrategy),
            [ComponentKind.Condition] = typeof(ILaunchCondition),

            // The runtime's base types are looked up by name until they land on main; then these become typeof(...).
            [ComponentKind.Overlay] = typeof(Ipv8.Communities.Community),
            [ComponentKind.Bootstrapper] = typeof(Ipv8.Bootstrapping.IBootstrapper),
        }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value!),
    };
}
