using System.Reflection;
using Launcher.Attributes;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// Base class of attribute-decorated launchers (py-ipv8's <c>CommunityLauncher</c> with typed hooks instead of
/// evaluated strings). What to launch is declared with attributes (<see cref="OverlayAttribute"/>,
/// <see cref="WalkStrategyAttribute"/>, <see cref="BootstrapperAttribute"/>, <see cref="AfterAttribute"/>,
/// <see cref="NameAttribute"/>, <see cref="PreconditionAttribute"/>, <see cref="OnStartAttribute"/>) and read
/// into an <see cref="OverlayDefinition"/> by <see cref="AttributeDefinitionReader"/>, so name and order are
/// known before anything is constructed. The hooks below run at launch time; launchers are created through
/// dependency injection (constructor injection works).
/// </summary>
public abstract class CommunityLauncher
{
    /// <summary>The overlay name: the <see cref="NameAttribute"/>, else the launcher class name.</summary>
    public string Name => NameOf(GetType());

    /// <summary>Names of overlays that must launch first (from <see cref="AfterAttribute"/>).</summary>
    public IReadOnlyList<string> NotBefore => [.. GetType().GetCustomAttributes<AfterAttribute>().SelectMany(a => a.Names)];

    /// <summary>
    /// Extra launch condition in code (default true). Conditions declared with <see cref="PreconditionAttribute"/>
    /// and the definition's <c>enabled</c> flag are checked as well.
    /// </summary>
    /// <param name="context">The launch context.</param>
    /// <returns>True to launch.</returns>
    public virtual bool ShouldLaunch(LaunchContext context) => true;

    /// <summary>Called just before the overlay is constructed (default: nothing).</summary>
    /// <param name="context">The launch context.</param>
    public virtual void Prepare(LaunchContext context)
    {
    }

    /// <summary>
    /// Returns the overlay settings to apply (py-ipv8 <c>get_kwargs</c>); default: <paramref name="configured"/>,
    /// i.e. the definition's <c>initialize</c> after file overrides.
    /// </summary>
    /// <param name="context">The launch context.</param>
    /// <param name="configured">The configured settings.</param>
    /// <returns>The settings to use.</returns>
    public virtual SettingsMap GetSettings(LaunchContext context, SettingsMap configured) => configured;

    /// <summary>Called after the overlay was constructed and registered (py-ipv8 <c>finalize</c>; default: nothing).</summary>
    /// <param name="context">The launch context.</param>
    /// <param name="overlay">The launched overlay.</param>
    public virtual void Finalize(LaunchContext context, object overlay)
    {
    }

    /// <summary>The overlay name of a launcher type: its <see cref="NameAttribute"/>, else the class name.</summary>
    /// <param name="launcherType">The launcher type.</param>
    /// <returns>The name.</returns>
    public static string NameOf(Type launcherType)
    {
        ArgumentNullException.ThrowIfNull(launcherType);
        return launcherType.GetCustomAttribute<NameAttribute>()?.Name ?? launcherType.Name;
    }
}
