using System.Globalization;
using System.Reflection;
using System.Text;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// Resolves a configuration's <c>discovery</c> section at model build time (like <see cref="OverlayResolver"/> does
/// overlays): every interface class by name from the catalog (the built-in <c>RendezvousInterface</c>,
/// <c>CommunityInterface</c>, <c>LanBroadcastInterface</c>, or a plugin's <c>IDiscoveryInterface</c>), its <c>init</c>
/// bound to the options type it declares with <c>[ComponentOptions]</c> and validated, every namespace checked (1-255
/// UTF-8 bytes), and an interface able to advertise or request present when namespaces are given. It also makes the
/// definition of the rendezvous overlay the section adds to the launch.
/// </summary>
public static class DiscoveryResolver
{
    /// <summary>The name of the rendezvous overlay a <c>discovery</c> section adds (its class name).</summary>
    public const string RendezvousOverlayName = "RendezvousCommunity";

    /// <summary>The <c>max_peers</c> of a serving rendezvous point: it keeps every registrant it proved (1,000).</summary>
    public const int ServingMaxPeers = 1000;

    /// <summary>
    /// The definition of the rendezvous overlay for <paramref name="discovery"/>: class <c>RendezvousCommunity</c>
    /// (its fixed community id), the section's key, no walkers or bootstrappers (it only answers and is walked to), and
    /// <c>max_peers</c> <see cref="ServingMaxPeers"/> when serving.
    /// </summary>
    /// <param name="discovery">The section.</param>
    /// <returns>The overlay definition.</returns>
    public static OverlayDefinition RendezvousOverlay(DiscoveryDefinition discovery)
    {
        ArgumentNullException.ThrowIfNull(discovery);
        return new OverlayDefinition
        {
            Name = RendezvousOverlayName,
            Class = RendezvousOverlayName,
            Key = discovery.Key,
            Initialize = discovery.Serve
                ? SettingsMap.FromObjects([KeyValuePair.Create<string, object?>("max_peers", ServingMaxPeers)])
                : SettingsMap.Empty,
            Origin = discovery.Origin,
        };
    }

    /// <summary>Resolves the section; problems go to <paramref name="errors"/> with the section's origin and path.</summary>
    /// <param name="discovery">The section.</param>
    /// <param name="catalog">The component catalog.</param>
    /// <param name="errors">Receives every problem.</param>
    /// <returns>The resolved section (with the interfaces that resolved).</returns>
    internal static ResolvedDiscovery Resolve(DiscoveryDefinition discovery, ComponentCatalog catalog, ErrorList errors)
    {
        var interfaces = new List<ResolvedComponent>();
        for (var i = 0; i < discovery.Interfaces.Count; i++)
        {
            var entry = discovery.Interfaces[i];
            var path = $"discovery.interfaces[{i}]";
            if (!catalog.TryResolve(ComponentKind.DiscoveryInterface, entry.Class, out var component))
            {
                errors.Add(entry.Origin, path + ".class", catalog.UnknownMessage(ComponentKind.DiscoveryInterface, entry.Class));
                continue;
            }

            interfaces.Add(new ResolvedComponent(entry.Class, component.Type, CreateOptions(component.Type, entry, path + ".init", errors), -1, entry.Origin));
        }

        CheckNamespaces(discovery.Advertise, "discovery.advertise", discovery.Origin, errors);
        CheckNamespaces(discovery.Request, "discovery.request", discovery.Origin, errors);
        if ((discovery.Advertise.Count > 0 || discovery.Request.Count > 0) && discovery.Interfaces.Count == 0)
        {
            errors.Add(discovery.Origin, "discovery.interfaces", "namespaces to advertise or request need at least one discovery interface (e.g. RendezvousInterface with rendezvous_points)");
        }

        return new ResolvedDiscovery(discovery, interfaces, RendezvousOverlayName);
    }

    private static object? CreateOptions(Type type, DiscoveryInterfaceDefinition entry, string path, ErrorList errors)
    {
        if (type.GetCustomAttribute<Ipv8.ComponentOptionsAttribute>()?.OptionsType is not { } optionsType)
        {
            if (entry.Init.Count > 0)
            {
                errors.Add(entry.Origin, path, $"{type.Name} takes no settings, but {string.Join(", ", entry.Init.Keys)} were given");
            }

            return null;
        }

        var problems = new List<string>();
        var options = OptionsBinder.Create(optionsType, entry.Init, problems);
        foreach (var problem in problems)
        {
            errors.Add(entry.Origin, path, $"{type.Name}: {problem}");
        }

        return options;
    }

    private static void CheckNamespaces(IReadOnlyList<string> namespaces, string path, Origin origin, ErrorList errors)
    {
        foreach (var ns in namespaces)
        {
            var length = Encoding.UTF8.GetByteCount(ns);
            if (length is < 1 or > 255)
            {
                errors.Add(origin, path, string.Create(CultureInfo.InvariantCulture, $"namespace '{ns}' has {length} UTF-8 bytes; a namespace has 1 to 255"));
            }
        }

        foreach (var duplicate in namespaces.GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(origin, path, $"namespace '{duplicate.Key}' is listed twice");
        }
    }
}
