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
/// known before anything is constructed. The hooks below run for the overlay whose name is this launcher's
/// <see cref="Name"/>, even when a configuration file overrides the launcher's definition.
/// </summary>
/// <remarks>
/// <para>Launchers are created through dependency injection (constructor injection from the services given to
/// <see cref="LauncherModelBuilder.UseServices"/>): one instance per overlay when the model is built, used for
/// <see cref="ShouldLaunch"/> and for the launch hooks of every host that runs the model, so keep per-run state in
/// services, not in launcher fields.</para>
/// <para>Launch order per overlay (py-ipv8's loader, spec §11.3): <see cref="Prepare"/>, <see cref="GetSettings"/>,
/// construction, registration in the host's overlay registry, bootstrappers and walk strategies,
/// <see cref="Finalize"/>. After every overlay has launched, the <c>on_start</c> calls run. A hook that throws
/// aborts the start: everything started so far is stopped and <c>OverlayHost.StartAsync</c> throws an
/// <c>OverlayLaunchException</c> naming the launcher, the hook and the overlay's origin.</para>
/// </remarks>
public abstract class CommunityLauncher
{
    /// <summary>The overlay name: the <see cref="NameAttribute"/>, else the launcher class name.</summary>
    public string Name => NameOf(GetType());

    /// <summary>Names of overlays that must launch first (from <see cref="AfterAttribute"/>).</summary>
    public IReadOnlyList<string> NotBefore => [.. GetType().GetCustomAttributes<AfterAttribute>().SelectMany(a => a.Names)];

    /// <summary>
    /// Extra launch condition in code (default true), evaluated once when the launch plan is made, after the
    /// definition's <c>enabled</c> flag and its conditions (<see cref="PreconditionAttribute"/>, a file's
    /// <c>conditions</c>) held. False skips the overlay (the plan shows why) and overlays declared
    /// <see cref="AfterAttribute">after</see> it launch without waiting for it. <c>context.Overlays</c> is empty
    /// here (nothing has launched yet). An exception is a configuration error naming the overlay.
    /// </summary>
    /// <param name="context">The launch context.</param>
    /// <returns>True to launch.</returns>
    public virtual bool ShouldLaunch(LaunchContext context) => true;

    /// <summary>
    /// Called just before the overlay is constructed (py-ipv8 <c>prepare</c>; default: nothing). The endpoint is
    /// open and <c>context.Overlays</c> holds the overlays launched before this one.
    /// </summary>
    /// <param name="context">The launch context.</param>
    public virtual void Prepare(LaunchContext context)
    {
    }

    /// <summary>
    /// Returns the overlay settings to apply (py-ipv8 <c>get_kwargs</c>); default: <paramref name="configured"/>,
    /// i.e. the definition's <c>initialize</c> after file overrides. Called after <see cref="Prepare"/>; the
    /// result is checked like <c>initialize</c> (an unknown key or a wrong type aborts the start).
    /// </summary>
    /// <param name="context">The launch context.</param>
    /// <param name="configured">The configured settings.</param>
    /// <returns>The settings to use.</returns>
    public virtual SettingsMap GetSettings(LaunchContext context, SettingsMap configured) => configured;

    /// <summary>
    /// Called after the overlay was constructed and registered and its bootstrappers and walk strategies were
    /// added, before any <c>on_start</c> call (py-ipv8 <c>finalize</c>; default: nothing).
    /// </summary>
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
