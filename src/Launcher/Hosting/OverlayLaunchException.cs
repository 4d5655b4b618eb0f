using Launcher.Definitions;

namespace Launcher.Hosting;

/// <summary>
/// Thrown by <see cref="OverlayHost.StartAsync(CancellationToken)"/> when launching an overlay fails at run time (a constructor,
/// a launcher hook or an <c>on_start</c> call throws). Everything the host had
/// started was stopped before this exception left <c>StartAsync</c>. The message names the overlay, its
/// origin (<c>overlays.yaml:12:5</c> or <c>attribute [Overlay] on ChatLauncher</c>), the step that failed and
/// the cause, e.g. <c>overlays.yaml:12:5: overlay 'Chat': constructor of overlay class 'ChatCommunity'
/// threw InvalidOperationException: no GPU</c>; the cause is the <see cref="Exception.InnerException"/>.
/// Configuration errors found before anything opens are <c>ConfigurationException</c>s instead.
/// </summary>
public sealed class OverlayLaunchException : Exception
{
    /// <summary>Creates the exception for a failed launch step.</summary>
    /// <param name="overlayName">The overlay being launched.</param>
    /// <param name="origin">Where the overlay was declared.</param>
    /// <param name="step">What failed, e.g. <c>ChatLauncher.Prepare</c>.</param>
    /// <param name="innerException">The cause.</param>
    public OverlayLaunchException(string overlayName, Origin origin, string step, Exception innerException)
        : base(Format(overlayName, origin, step, innerException), innerException)
    {
        OverlayName = overlayName;
        Origin = origin;
        Step = step;
    }

    /// <summary>Creates the exception without details (for serializers and tools).</summary>
    public OverlayLaunchException()
        : this("overlay launch failed")
    {
    }

    /// <summary>Creates the exception with a message only.</summary>
    /// <param name="message">The message.</param>
    public OverlayLaunchException(string message)
        : base(message)
    {
        OverlayName = "";
        Origin = Origin.Defaults;
        Step = "";
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OverlayLaunchException(string message, Exception innerException)
        : base(message, innerException)
    {
        OverlayName = "";
        Origin = Origin.Defaults;
        Step = "";
    }

    /// <summary>Gets the name of the overlay whose launch failed (empty when unknown).</summary>
    public string OverlayName { get; }

    /// <summary>Gets where the overlay was declared.</summary>
    public Origin Origin { get; }

    /// <summary>Gets the step that failed, e.g. <c>constructor of overlay class 'ChatCommunity'</c>.</summary>
    public string Step { get; }

    private static string Format(string overlayName, Origin origin, string step, Exception innerException)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(innerException);
        return $"{origin}: overlay '{overlayName}': {step} threw {innerException.GetType().Name}: {innerException.Message}";
    }
}
