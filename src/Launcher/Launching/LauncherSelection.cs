using System.Reflection;
using Launcher.Attributes;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// Decides which launcher classes contribute their overlays, py-ipv8's rule: when a configuration lists
/// overlays, that list is the whole set. A launcher class then contributes only when an entry names it,
/// <c>- launcher: ChatLauncher</c> (its declaration, with the settings written beside it replacing the
/// launcher's values) or an overlay whose <c>name</c> is the launcher's (that definition replaces the
/// declaration, and the launcher's hooks still run), or when it is marked <see cref="AutoLaunchAttribute"/>.
/// With no configuration that lists overlays (code-first hosting), every launcher class contributes.
/// </summary>
public static class LauncherSelection
{
    /// <summary>The result of <see cref="Select"/>.</summary>
    /// <param name="Launchers">The attribute definitions that contribute on their own (lowest merge layer).</param>
    /// <param name="Sources">Each configuration's overlays with <c>launcher:</c> entries resolved, in the given order.</param>
    /// <param name="Choices">Every launcher class with whether and why it contributes.</param>
    public sealed record Result(
        IReadOnlyList<OverlayDefinition> Launchers,
        IReadOnlyList<IReadOnlyList<OverlayDefinition>> Sources,
        IReadOnlyList<LauncherChoice> Choices);

    /// <summary>Selects launcher definitions and resolves <c>launcher:</c> entries.</summary>
    /// <param name="launcherTypes">The catalogued launcher classes.</param>
    /// <param name="sources">The configurations (builder ones, then files), lowest precedence first.</param>
    /// <param name="errors">Receives unreadable launchers, unknown launcher names and misused settings.</param>
    /// <returns>The selection.</returns>
    public static Result Select(IEnumerable<Type> launcherTypes, IReadOnlyList<LauncherConfiguration> sources, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(launcherTypes);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(errors);
        var launchers = launcherTypes
            .Select(t => (Type: t, Definition: AttributeDefinitionReader.Read(t, errors)))
            .Where(l => l.Definition is not null)
            .Select(l => (l.Type, Definition: l.Definition!))
            .ToList();
        var namedBy = new Dictionary<Type, string>();
        var resolved = sources.Select(s => (IReadOnlyList<OverlayDefinition>)
            [.. s.Overlays.Select(o => o.Launcher is null ? o : Resolve(o, launchers, namedBy, errors)).OfType<OverlayDefinition>()]).ToList();
        var resolvedTypes = namedBy.Keys.ToHashSet();

        foreach (var source in sources)
        {
            foreach (var overlay in source.Overlays.Where(o => o.Launcher is null))
            {
                foreach (var launcher in launchers.Where(l => l.Definition.Name == overlay.Name))
                {
                    namedBy.TryAdd(launcher.Type, $"its overlay name '{overlay.Name}' is declared at {overlay.Origin} (that definition is used; the launcher's hooks run)");
                }
            }
        }

        var listing = sources.FirstOrDefault(s => s.ListsOverlays);
        var contributing = new List<OverlayDefinition>();
        var choices = new List<LauncherChoice>();
        foreach (var (type, definition) in launchers)
        {
            var autoLaunch = type.GetCustomAttribute<AutoLaunchAttribute>() is not null;
            var reason = listing is null ? "no configuration lists overlays (code-first: every launcher class runs)"
                : autoLaunch ? "[AutoLaunch]"
                : namedBy.GetValueOrDefault(type);
            // A launcher named by an entry of its overlay's name is merged too, so the plan shows what that entry replaced;
            // one named by 'launcher:' is already resolved into its configuration's layer.
            if (reason is not null && !resolvedTypes.Contains(type))
            {
                contributing.Add(definition);
            }

            choices.Add(new LauncherChoice(type, definition.Name, reason is not null,
                reason ?? $"not named by the overlays of {listing!.Origin} (add '- launcher: {type.Name}' to run it)"));
        }

        return new Result(contributing, resolved, choices);
    }

    private static OverlayDefinition? Resolve(OverlayDefinition entry, List<(Type Type, OverlayDefinition Definition)> launchers, Dictionary<Type, string> namedBy, ErrorList errors)
    {
        var name = entry.Launcher!;
        var path = $"overlays.{name}";
        var match = launchers.FirstOrDefault(l => ComponentNaming.NameOf(l.Type) == name || l.Type.Name == name);
        if (match.Type is null)
        {
            match = launchers.FirstOrDefault(l => l.Definition.Name == name);
        }

        if (match.Type is null)
        {
            var known = launchers.Select(l => l.Type.Name).Concat(launchers.Select(l => l.Definition.Name)).Distinct(StringComparer.Ordinal);
            errors.Add(entry.Origin, path + ".launcher", NameSuggestions.Unknown("launcher", name, known));
            return null;
        }

        foreach (var fixedSetting in entry.GivenSettings.Where(s => s is "class" or "name"))
        {
            errors.Add(entry.Origin, $"{path}.{fixedSetting}",
                $"'{fixedSetting}' comes from launcher {match.Type.Name}; remove it, or write a complete definition without 'launcher'");
        }

        namedBy.TryAdd(match.Type, $"named at {entry.Origin} (launcher: {name})");
        var result = match.Definition with { Origin = entry.Origin };
        foreach (var setting in entry.GivenSettings)
        {
            result = setting switch
            {
                "key" => result with { Key = entry.Key },
                "enabled" => result with { Enabled = entry.Enabled },
                "walkers" => result with { Walkers = entry.Walkers },
                "bootstrappers" => result with { Bootstrappers = entry.Bootstrappers },
                "initialize" => result with { Initialize = entry.Initialize },
                "on_start" => result with { OnStart = entry.OnStart },
                "after" => result with { After = entry.After },
                "conditions" => result with { Conditions = entry.Conditions },
                "community_id" => result with { CommunityId = entry.CommunityId },
                _ => result,
            };
        }

        return result;
    }
}
