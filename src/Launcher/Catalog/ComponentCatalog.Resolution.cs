using System.Reflection;
using Launcher.Attributes;
using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Launching;

namespace Launcher.Catalog;

/// <content>Checking definitions against the catalog.</content>
public sealed partial class ComponentCatalog
{
    /// <summary>
    /// Checks every name an overlay definition uses: its class (overlay kind), walker strategies, bootstrapper
    /// classes and launch conditions (condition components, or <c>Launcher.Method</c> for static-method
    /// preconditions). Disabled overlays are not checked. Each unknown name is one error with the definition's
    /// origin, the known names and a "did you mean".
    /// </summary>
    /// <param name="overlays">The definitions.</param>
    /// <param name="errors">Receives problems.</param>
    public void CheckNames(IEnumerable<OverlayDefinition> overlays, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var overlay in overlays.Where(o => o.Enabled))
        {
            var path = $"overlays.{overlay.Name}";
            if (overlay.Class.Length > 0 && !TryResolve(ComponentKind.Overlay, overlay.Class, out _))
            {
                errors.Add(overlay.Origin, path + ".class", UnknownMessage(ComponentKind.Overlay, overlay.Class));
            }

            for (var i = 0; i < overlay.Walkers.Count; i++)
            {
                var walker = overlay.Walkers[i];
                if (walker.Strategy.Length > 0 && !TryResolve(ComponentKind.WalkStrategy, walker.Strategy, out _))
                {
                    errors.Add(walker.Origin, $"{path}.walkers[{i}].strategy", UnknownMessage(ComponentKind.WalkStrategy, walker.Strategy));
                }
            }

            for (var i = 0; i < overlay.Bootstrappers.Count; i++)
            {
                var bootstrapper = overlay.Bootstrappers[i];
                if (bootstrapper.Class.Length > 0 && !TryResolve(ComponentKind.Bootstrapper, bootstrapper.Class, out _))
                {
                    errors.Add(bootstrapper.Origin, $"{path}.bootstrappers[{i}].class", UnknownMessage(ComponentKind.Bootstrapper, bootstrapper.Class));
                }
            }

            foreach (var condition in overlay.Conditions)
            {
                if (ResolveCondition(condition) is null)
                {
                    errors.Add(overlay.Origin, path + ".conditions", UnknownMessage(ComponentKind.Condition, condition));
                }
            }
        }
    }

    /// <summary>
    /// Resolves a condition name to a predicate factory: an <see cref="ILaunchCondition"/> component, or a
    /// static <c>bool Method(LaunchContext)</c> on a catalogued launcher (<c>ChatLauncher.CanLaunch</c>).
    /// </summary>
    /// <param name="name">The condition name.</param>
    /// <returns>The condition type or method, or null when unknown.</returns>
    public MemberInfo? ResolveCondition(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryResolve(ComponentKind.Condition, name, out var component))
        {
            return component.Type;
        }

        var dot = name.LastIndexOf('.');
        if (dot > 0 && TryResolve(ComponentKind.Launcher, name[..dot], out var launcher))
        {
            var method = launcher.Type.GetMethod(name[(dot + 1)..], BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, [typeof(LaunchContext)]);
            return method?.ReturnType == typeof(bool) ? method : null;
        }

        return null;
    }

    /// <summary>
    /// Finds the launcher class that declares the overlay named <paramref name="overlayName"/> (its
    /// <see cref="NameAttribute"/>, else its class name; see <see cref="CommunityLauncher.NameOf"/>). Its hooks
    /// run for the overlay of that name even when a file overrides the launcher's definition.
    /// </summary>
    /// <param name="overlayName">The overlay (definition) name.</param>
    /// <returns>The launcher component, or null when no catalogued launcher declares that name.</returns>
    public ComponentDescriptor? FindLauncher(string overlayName)
    {
        ArgumentNullException.ThrowIfNull(overlayName);
        return Components(ComponentKind.Launcher).FirstOrDefault(c => CommunityLauncher.NameOf(c.Type) == overlayName);
    }
}
