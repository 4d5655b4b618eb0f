using Launcher.Launching;

namespace Launcher.Hosting;

/// <summary>
/// A step an extension assembly adds to every model the DI host builds: registered as a singleton, it runs after the
/// application's own configuration callback and before <see cref="LauncherModelBuilder.Build"/>. For example,
/// <c>AddOverlayConnectivity</c> registers the pipe-handler component kind this way, so the <c>connectivity</c>
/// section's handler names are checked with the rest of the model.
/// </summary>
/// <param name="Configure">Changes the builder; gets the application's services.</param>
public sealed record LauncherModelExtension(Action<LauncherModelBuilder, IServiceProvider> Configure);
