namespace Launcher.Cli;

/// <summary>One reading of everything the live view shows.</summary>
/// <param name="Time">When it was read (local time, for display).</param>
/// <param name="Overlays">One row per running overlay, in launch order (instance by instance).</param>
/// <param name="Tracker">The hosted tracker, or null when the run hosts none (or it is not serving yet).</param>
internal sealed record RunStatus(DateTimeOffset Time, IReadOnlyList<OverlayStatus> Overlays, TrackerStatus? Tracker);
