using System.Reflection;
using Ipv8;
using Ipv8.Communities;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// Resolves overlay definitions completely, with nothing opened: the one place names, keys, community ids, settings,
/// launchers and <c>on_start</c> calls are checked. Every problem goes to the error list with the definition's origin
/// and the setting's path (<c>overlays.NAME.walkers[0].init</c>).
/// </summary>
/// <remarks>
/// Per overlay: its key (<see cref="ConfigurationChecks.KeyOf"/>); its class in the catalog; its community id (the
/// configured <c>community_id</c>, else the class's <see cref="CommunityIdAttribute"/>; a configured id that differs
/// from a fixed one is an error); <c>initialize</c> bound to <see cref="CommunitySettings"/> (<c>anonymize</c> is
/// accepted and ignored: there is no tunnel layer); each walker and bootstrapper resolved and its <c>init</c> bound to
/// the options type its <see cref="ComponentOptionsAttribute"/> declares (a component without one takes no settings);
/// each condition name; the launcher declaring the overlay's name, created through DI (a typed launcher must fit the
/// class); each <c>on_start</c> call resolved to a method (see <see cref="OnStartResolver"/>).
/// </remarks>
internal sealed class OverlayResolver(ComponentCatalog catalog, IReadOnlyCollection<KeyDefinition> keys, IServiceProvider services, ErrorList errors)
{
    /// <summary>Keys of <c>initialize</c> that are accepted and ignored (py-ipv8 settings of layers this runtime does not have).</summary>
    private static readonly string[] IgnoredSettings = ["anonymize"];

    /// <summary>Resolves one definition; returns null when anything about it is wrong (the problems are in the error list).</summary>
    /// <param name="overlay">The definition.</param>
    /// <returns>The resolved overlay, or null.</returns>
    public ResolvedOverlay? Resolve(OverlayDefinition overlay)
    {
        var before = errors.Errors.Count;
        var path = $"overlays.{overlay.Name}";
        var key = ConfigurationChecks.KeyOf(overlay, keys, errors);
        var communityType = ResolveType(ComponentKind.Overlay, overlay.Class, overlay.Origin, path + ".class");
        var communityId = communityType is null ? default : CommunityIdOf(overlay, communityType, path);
        // With an unknown class, checking its settings would only add noise to the one error that matters.
        var settings = communityType is null ? null : Bind(typeof(CommunitySettings), overlay.Initialize.Where(s => !IgnoredSettings.Contains(s.Key)), overlay.Origin, path + ".initialize");
        var walkers = new List<ResolvedComponent>();
        for (var i = 0; i < overlay.Walkers.Count; i++)
        {
            var walker = overlay.Walkers[i];
            var walkerPath = $"{path}.walkers[{i}]";
            if (ResolveType(ComponentKind.WalkStrategy, walker.Strategy, walker.Origin, walkerPath + ".strategy") is { } type)
            {
                walkers.Add(new(walker.Strategy, type, CreateOptions(type, walker.Init, walker.Origin, walkerPath + ".init"), walker.Peers, walker.Origin));
            }
        }

        var bootstrappers = new List<ResolvedComponent>();
        for (var i = 0; i < overlay.Bootstrappers.Count; i++)
        {
            var bootstrapper = overlay.Bootstrappers[i];
            var bootstrapperPath = $"{path}.bootstrappers[{i}]";
            if (ResolveType(ComponentKind.Bootstrapper, bootstrapper.Class, bootstrapper.Origin, bootstrapperPath + ".class") is { } type)
            {
                bootstrappers.Add(new(bootstrapper.Class, type, CreateOptions(type, bootstrapper.Init, bootstrapper.Origin, bootstrapperPath + ".init"), -1, bootstrapper.Origin));
            }
        }

        foreach (var condition in overlay.Conditions.Where(c => catalog.ResolveCondition(c) is null))
        {
            errors.Add(overlay.Origin, path + ".conditions", catalog.UnknownMessage(ComponentKind.Condition, condition));
        }

        var launcher = CreateLauncher(overlay, communityType, path);
        var onStart = new List<ResolvedCall>();
        for (var i = 0; communityType is not null && i < overlay.OnStart.Count; i++)
        {
            if (OnStartResolver.Resolve(communityType, overlay.OnStart[i], overlay.Origin, $"{path}.on_start[{i}]", errors) is { } call)
            {
                onStart.Add(call);
            }
        }

        return errors.Errors.Count > before || communityType is null || key is null || settings is null
            ? null
            : new ResolvedOverlay(overlay, communityType, communityId, key, settings, walkers, bootstrappers, launcher, onStart);
    }

    /// <summary>
    /// Binds settings a launcher's <see cref="CommunityLauncher.GetSettings"/> returned while launching, with the rules
    /// of <c>initialize</c>.
    /// </summary>
    /// <param name="settings">The settings.</param>
    /// <returns>The bound settings.</returns>
    /// <exception cref="FormatException">A setting is unknown or does not convert; the message lists every problem.</exception>
    public static BoundSettings BindInitialize(SettingsMap settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var problems = new List<string>();
        var bound = OptionsBinder.Bind(typeof(CommunitySettings), SettingsMap.From(settings.Where(s => !IgnoredSettings.Contains(s.Key))), problems);
        return problems.Count == 0 ? bound : throw new FormatException("returned invalid settings: " + string.Join("; ", problems));
    }

    private BoundSettings Bind(Type type, IEnumerable<KeyValuePair<string, ConfigValue>> settings, Origin origin, string path)
    {
        var problems = new List<string>();
        var bound = OptionsBinder.Bind(type, SettingsMap.From(settings), problems);
        foreach (var problem in problems)
        {
            AddUnlessSchemaReported(origin, path, problem, problem);
        }

        return bound;
    }

    private object? CreateOptions(Type componentType, SettingsMap settings, Origin origin, string path)
    {
        if (componentType.GetCustomAttribute<ComponentOptionsAttribute>()?.OptionsType is not { } optionsType)
        {
            if (settings.Count > 0)
            {
                errors.Add(origin, path, $"{componentType.Name} takes no settings, but {string.Join(", ", settings.Keys)} were given");
            }

            return null;
        }

        var problems = new List<string>();
        var options = OptionsBinder.Create(optionsType, settings, problems);
        foreach (var problem in problems)
        {
            AddUnlessSchemaReported(origin, path, problem, $"{componentType.Name}: {problem}");
        }

        return options;
    }

    /// <summary>
    /// Reports <paramref name="message"/> unless the schema reported this problem's setting in the same file (the schema
    /// states the same bounds as the options' validation, e.g. <c>trust</c>): then the schema's message, with its line,
    /// stands alone. The file's schema validation may run after the model is built (<see cref="DeferredSchemaValidation"/>);
    /// the error is then taken back if it reports the setting.
    /// </summary>
    private void AddUnlessSchemaReported(Origin origin, string path, string problem, string message)
    {
        var error = new ConfigurationError(origin, path, message);
        if (origin.File is not { } file)
        {
            errors.Add(error);
            return;
        }

        // Problems start with the setting's path inside the object: "trust.max_pending_challenges must ...", "trust: unknown ...".
        var setting = problem.Split(' ', ':')[0];
        var suffix = path[(path.LastIndexOf('.') + 1)..] + "." + setting;
        errors.AddUnlessReported([error], e => e.Origin.File == file && e.Path.EndsWith(suffix, StringComparison.Ordinal));
    }

    private ReadOnlyMemory<byte> CommunityIdOf(OverlayDefinition overlay, Type communityType, string path)
    {
        var declared = communityType.GetCustomAttribute<CommunityIdAttribute>();
        if (string.IsNullOrEmpty(overlay.CommunityId))
        {
            if (declared is null)
            {
                errors.Add(overlay.Origin, path + ".community_id", $"'{overlay.Class}' has no community id of its own; give one with 'community_id' (40 hex digits)");
                return default;
            }

            return Convert.FromHexString(declared.Hex);
        }

        if (declared is { Fixed: true } && !string.Equals(declared.Hex, overlay.CommunityId, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(overlay.Origin, path + ".community_id",
                $"'{overlay.Class}' always uses community id {declared.Hex}, not {overlay.CommunityId.ToLowerInvariant()}; remove 'community_id', or use a class without a fixed id");
            return default;
        }

        return Convert.FromHexString(overlay.CommunityId);
    }

    private Type? ResolveType(ComponentKind kind, string name, Origin origin, string path)
    {
        if (catalog.TryResolve(kind, name, out var component))
        {
            return component.Type;
        }

        errors.Add(origin, path, catalog.UnknownMessage(kind, name));
        return null;
    }

    /// <summary>
    /// Creates the launcher declaring this overlay's name through DI, if the catalog has one, and checks that a
    /// typed launcher (<see cref="CommunityLauncher{TOverlay}"/>) fits the overlay class (a file may have changed it).
    /// </summary>
    private CommunityLauncher? CreateLauncher(OverlayDefinition overlay, Type? communityType, string path)
    {
        if (catalog.FindLauncher(overlay.Name) is not { } component)
        {
            return null;
        }

        for (var type = component.Type; type is not null && communityType is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(CommunityLauncher<>) && !type.GetGenericArguments()[0].IsAssignableFrom(communityType))
            {
                errors.Add(overlay.Origin, path + ".class", $"launcher {component.Type.Name} launches {type.GetGenericArguments()[0].Name} overlays, but the class is '{overlay.Class}'");
                return null;
            }
        }

        try
        {
            return LaunchConditionEvaluator.CreateLauncher(services, component.Type);
        }
        catch (Exception exception)
        {
            var inner = exception is TargetInvocationException { InnerException: { } cause } ? cause : exception;
            errors.Add(overlay.Origin, path, $"cannot create launcher {component.Type.Name}: {inner.Message}");
            return null;
        }
    }
}
