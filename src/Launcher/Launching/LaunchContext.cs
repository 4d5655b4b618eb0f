using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// What launcher hooks and launch conditions see (py-ipv8's <c>session</c>): services, the configuration,
/// the overlays launched so far, and the definition being launched.
/// </summary>
/// <param name="Services">The application's services (those given to <c>LauncherModelBuilder.UseServices</c> when planning, the host's when launching).</param>
/// <param name="Configuration">The whole configuration.</param>
/// <param name="Overlays">Overlays launched so far, by name: empty while planning (conditions, <c>ShouldLaunch</c>); the host's registry during launch hooks.</param>
/// <param name="Definition">The overlay being considered or launched.</param>
public sealed record LaunchContext(IServiceProvider Services, LauncherConfiguration Configuration, IOverlayRegistry Overlays, OverlayDefinition Definition);
