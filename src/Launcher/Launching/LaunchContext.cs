using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// What launcher hooks and launch conditions see (py-ipv8's <c>session</c>): services, the configuration,
/// the overlays launched so far, and the definition being launched.
/// </summary>
/// <param name="Services">The host's service provider.</param>
/// <param name="Configuration">The whole configuration.</param>
/// <param name="Overlays">Overlays launched so far, by name.</param>
/// <param name="Definition">The overlay being considered or launched.</param>
public sealed record LaunchContext(IServiceProvider Services, LauncherConfiguration Configuration, IOverlayRegistry Overlays, OverlayDefinition Definition);
