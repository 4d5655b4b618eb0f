namespace Launcher.Launching;

/// <summary>A <see cref="CommunityLauncher"/> whose finalize hook receives the overlay with its own type.</summary>
/// <typeparam name="TOverlay">The overlay type this launcher launches.</typeparam>
public abstract class CommunityLauncher<TOverlay> : CommunityLauncher
    where TOverlay : class
{
    /// <inheritdoc />
    public sealed override void Finalize(LaunchContext context, object overlay) => Finalize(context, (TOverlay)overlay);

    /// <summary>Called after the overlay was constructed and registered (default: nothing).</summary>
    /// <param name="context">The launch context.</param>
    /// <param name="overlay">The launched overlay.</param>
    public virtual void Finalize(LaunchContext context, TOverlay overlay)
    {
    }
}
