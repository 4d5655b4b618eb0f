using System.Reflection;
using Ipv8.Communities;
using Ipv8.Discovery;
using Ipv8.Keys;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Launching;
using Microsoft.Extensions.Logging;

namespace Launcher.Hosting;

public sealed partial class OverlayHost
{
    /// <summary>The constructor parameter name that receives a component's bound <c>init</c> options.</summary>
    public const string OptionsParameterName = "options";

    private List<ResolvedOverlay> Resolve(IReadOnlyList<OverlayDefinition> overlays, ErrorList errors)
    {
        var resolved = new List<ResolvedOverlay>();
        var aliases = _configuration.Keys.Select(k => k.Alias).ToHashSet(StringComparer.Ordinal);
        foreach (var given in overlays)
        {
            var path = $"overlays[{given.Name}]";
            // A host may be given definitions that did not come through the model builder, so it applies the same default.
            var overlay = ConfigurationChecks.WithOnlyKey(given, aliases);
            if (overlay.Key is null || !aliases.Contains(overlay.Key))
            {
                errors.Add(overlay.Origin, path + ".key", overlay.Key is null
                    ? ConfigurationChecks.NoKeyGiven(aliases)
                    : $"unknown key alias '{overlay.Key}'; known: {string.Join(", ", aliases.Order(StringComparer.Ordinal))}");
            }

            var communityType = ResolveType(ComponentKind.Overlay, overlay.Class, overlay.Origin, path + ".class", errors);
            if (communityType is not null && !typeof(Community).IsAssignableFrom(communityType))
            {
                errors.Add(overlay.Origin, path + ".class", $"'{overlay.Class}' is not a community");
                communityType = null;
            }

            foreach (var problem in CommunitySettingsBinder.Check(overlay.Initialize))
            {
                errors.Add(overlay.Origin, path + ".initialize", problem);
            }

            var walkers = new List<ResolvedComponent>();
            for (var i = 0; i < overlay.Walkers.Count; i++)
            {
                var walker = overlay.Walkers[i];
                var walkerPath = $"{path}.walkers[{i}]";
                if (ResolveType(ComponentKind.WalkStrategy, walker.Strategy, walker.Origin, walkerPath + ".strategy", errors) is { } type)
                {
                    walkers.Add(new(walker.Strategy, type, BindOptions(type, walker.Init, walker.Origin, walkerPath + ".init", errors), walker.Peers, walker.Origin));
                }
            }

            var bootstrappers = new List<ResolvedComponent>();
            for (var i = 0; i < overlay.Bootstrappers.Count; i++)
            {
                var bootstrapper = overlay.Bootstrappers[i];
                var bootstrapperPath = $"{path}.bootstrappers[{i}]";
                if (ResolveType(ComponentKind.Bootstrapper, bootstrapper.Class, bootstrapper.Origin, bootstrapperPath + ".class", errors) is { } type)
                {
                    bootstrappers.Add(new(bootstrapper.Class, type, BindOptions(type, bootstrapper.Init, bootstrapper.Origin, bootstrapperPath + ".init", errors), -1, bootstrapper.Origin));
                }
            }

            var launcher = CreateLauncher(overlay, communityType, path, errors);
            var onStart = new List<ResolvedCall>();
            for (var i = 0; communityType is not null && i < overlay.OnStart.Count; i++)
            {
                if (OnStartResolver.Resolve(communityType, overlay.OnStart[i], overlay.Origin, $"{path}.on_start[{i}]", errors) is { } call)
                {
                    onStart.Add(call);
                }
            }

            if (communityType is not null)
            {
                resolved.Add(new(overlay, communityType, walkers, bootstrappers, launcher, onStart));
            }
        }

        return resolved;
    }

    /// <summary>
    /// Creates the launcher declaring this overlay's name through DI, if the catalog has one, and checks that a
    /// typed launcher (<see cref="CommunityLauncher{TOverlay}"/>) fits the overlay class (a file may have changed it).
    /// </summary>
    private CommunityLauncher? CreateLauncher(OverlayDefinition overlay, Type? communityType, string path, ErrorList errors)
    {
        if (_catalog.FindLauncher(overlay.Name) is not { } component)
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
            return LaunchConditionEvaluator.CreateLauncher(_services, component.Type);
        }
        catch (Exception exception)
        {
            var inner = exception is TargetInvocationException { InnerException: { } cause } ? cause : exception;
            errors.Add(overlay.Origin, path, $"cannot create launcher {component.Type.Name}: {inner.Message}");
            return null;
        }
    }

    private PreparedIdentities PrepareIdentities(IReadOnlyList<ResolvedOverlay> resolved, KeyFactory keyFactory, ErrorList errors)
    {
        var used = resolved.Select(r => r.Definition.Key).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var keyFile = new KeyFile(keyFactory, _options.LoggerFactory.CreateLogger<KeyFile>());
        return PreparedIdentities.Prepare(_configuration.Keys, used, keyFactory, keyFile, _options.BaseDirectory, _options.TimeProvider, errors);
    }

    private Type? ResolveType(ComponentKind kind, string name, Origin origin, string path, ErrorList errors)
    {
        if (_catalog.TryResolve(kind, name, out var component))
        {
            return component.Type;
        }

        errors.Add(origin, path, _catalog.UnknownMessage(kind, name));
        return null;
    }

    private static object? BindOptions(Type componentType, SettingsMap settings, Origin origin, string path, ErrorList errors)
    {
        var optionsType = OptionsTypeOf(componentType);
        if (optionsType is null)
        {
            if (settings.Count > 0)
            {
                errors.Add(origin, path, $"{componentType.Name} takes no settings, but {string.Join(", ", settings.Keys)} were given");
            }

            return null;
        }

        try
        {
            var options = ComponentOptionsBinder.Bind(optionsType, settings);
            foreach (var problem in ValidateOptions(options))
            {
                errors.Add(origin, path, $"{componentType.Name}: {problem}");
            }

            return options;
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException or TargetInvocationException)
        {
            var message = exception is TargetInvocationException { InnerException: { } inner } ? inner.Message : exception.Message;
            errors.Add(origin, path, $"{componentType.Name}: {message}");
            return null;
        }
    }

    /// <summary>
    /// Calls a public parameterless <c>Validate()</c> on the options, if the type has one: a returned list of
    /// messages is the list of problems; a validator that throws reports through the exception instead.
    /// </summary>
    private static IEnumerable<string> ValidateOptions(object options)
    {
        var result = options.GetType().GetMethod("Validate", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)?.Invoke(options, null);
        return result as IEnumerable<string> ?? [];
    }

    /// <summary>The type of the constructor parameter named <see cref="OptionsParameterName"/>, if any.</summary>
    internal static Type? OptionsTypeOf(Type componentType)
    {
        foreach (var constructor in componentType.GetConstructors())
        {
            foreach (var parameter in constructor.GetParameters())
            {
                if (parameter.Name == OptionsParameterName && !typeof(IDiscoveryOverlay).IsAssignableFrom(parameter.ParameterType))
                {
                    return parameter.ParameterType;
                }
            }
        }

        return null;
    }
}
