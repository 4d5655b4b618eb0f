using System.Reflection;
using Launcher.Attributes;
using Launcher.Launching;

namespace Launcher.Catalog;

/// <content>Resolving launch conditions and launchers.</content>
public sealed partial class ComponentCatalog
{
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
