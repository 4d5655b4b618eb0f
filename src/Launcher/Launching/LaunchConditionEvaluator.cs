using System.Reflection;
using Launcher.Catalog;
using Launcher.Configuration;
using Launcher.Definitions;
using Microsoft.Extensions.DependencyInjection;

namespace Launcher.Launching;

/// <summary>
/// Decides, once per overlay while the plan is made, whether it launches (py-ipv8's <c>should_launch</c> and
/// <c>@precondition</c>, typed): the definition's <c>enabled</c> flag, every named condition (an
/// <see cref="ILaunchCondition"/> component created through DI, or a static <c>bool M(LaunchContext)</c> on a
/// launcher), then the launcher's <see cref="CommunityLauncher.ShouldLaunch"/> (the launcher the model builder
/// created for the overlay), then an extra decision given by the application. The first false one is the reason the overlay is
/// skipped. A condition or launcher that throws, or cannot be created, is a configuration error with the
/// definition's origin; the overlay is then treated as not launching.
/// </summary>
internal sealed class LaunchConditionEvaluator(
    ComponentCatalog catalog,
    IServiceProvider services,
    LauncherConfiguration configuration,
    IOverlayRegistry registry,
    Func<OverlayDefinition, bool>? extra,
    ErrorList errors,
    Func<OverlayDefinition, CommunityLauncher?> launcherOf)
{
    /// <summary>Returns why <paramref name="definition"/> does not launch, or null when it launches.</summary>
    public string? WhyNot(OverlayDefinition definition)
    {
        if (!definition.Enabled)
        {
            return "disabled (enabled: false)";
        }

        var context = new LaunchContext(services, configuration, registry, definition);
        var path = $"overlays.{definition.Name}.conditions";
        foreach (var name in definition.Conditions)
        {
            var member = catalog.ResolveCondition(name);
            if (member is null)
            {
                return $"condition '{name}' is unknown";
            }

            if (!Evaluate(definition, path, $"condition '{name}'", () => Holds(member, context), out var holds))
            {
                return $"condition '{name}' failed";
            }

            if (!holds)
            {
                return $"condition '{name}' is false";
            }
        }

        if (launcherOf(definition) is { } launcher)
        {
            var text = $"{launcher.GetType().Name}.ShouldLaunch";
            if (!Evaluate(definition, $"overlays.{definition.Name}", text, () => launcher.ShouldLaunch(context), out var launches))
            {
                return $"{text} failed";
            }

            if (!launches)
            {
                return $"{text} returned false";
            }
        }

        return extra is null || extra(definition) ? null : "the application's launch decision is false";
    }

    /// <summary>Creates a launcher through DI (constructor injection from <paramref name="services"/>).</summary>
    public static CommunityLauncher CreateLauncher(IServiceProvider services, Type launcherType) =>
        (CommunityLauncher)ActivatorUtilities.CreateInstance(services, launcherType);

    private static bool Holds(MemberInfo member, LaunchContext context) => member switch
    {
        MethodInfo method => (bool)method.Invoke(null, [context])!,
        Type type => ((ILaunchCondition)ActivatorUtilities.CreateInstance(context.Services, type)).ShouldLaunch(context),
        _ => false,
    };

    private bool Evaluate(OverlayDefinition definition, string path, string what, Func<bool> evaluate, out bool result)
    {
        try
        {
            result = evaluate();
            return true;
        }
        catch (Exception exception)
        {
            var inner = exception is TargetInvocationException { InnerException: { } cause } ? cause : exception;
            errors.Add(definition.Origin, path, $"{what} threw {inner.GetType().Name}: {inner.Message}");
            result = false;
            return false;
        }
    }
}
