using System.Globalization;

namespace Launcher.Cli;

/// <summary>
/// The plain (log-like) form of the live view, one line per overlay and one for the hosted tracker per interval:
/// <c>HH:mm:ss overlay=NAME address=IP:PORT peers=N walkable=N in=N/s out=N/s drops=N</c> and
/// <c>HH:mm:ss tracker address=IP:PORT peers=N communities=N in=N/s out=N/s drops=N</c>. Rates are rounded to whole
/// datagrams per second (<c>-</c> before the first interval); drops count since start. Only <c>key=value</c> fields
/// follow the time, so the lines stay greppable when fields are added at the end.
/// </summary>
internal static class PlainStatusFormat
{
    /// <summary>Returns the lines of one reading: every overlay in order, then the tracker when one serves.</summary>
    public static IEnumerable<string> Lines(RunStatus status)
    {
        foreach (var overlay in status.Overlays)
        {
            yield return Overlay(status.Time, overlay);
        }

        if (status.Tracker is { } tracker)
        {
            yield return Tracker(status.Time, tracker);
        }
    }

    /// <summary>Formats one overlay's line.</summary>
    public static string Overlay(DateTimeOffset time, OverlayStatus overlay) => string.Create(
        CultureInfo.InvariantCulture,
        $"{time:HH:mm:ss} overlay={overlay.Name} address={overlay.Address} peers={overlay.Peers} walkable={overlay.Walkable} {Traffic(overlay.Counts, overlay.Rates)}");

    /// <summary>Formats the tracker's line.</summary>
    public static string Tracker(DateTimeOffset time, TrackerStatus tracker) => string.Create(
        CultureInfo.InvariantCulture,
        $"{time:HH:mm:ss} tracker address={tracker.Address} peers={tracker.Peers} communities={tracker.Communities} {Traffic(tracker.Counts, tracker.Rates)}");

    /// <summary>Formats a rate as whole datagrams per second (half away from zero), or <c>-</c> when not measured yet.</summary>
    public static string Rate(double? perSecond) => perSecond is { } value
        ? Math.Round(value, MidpointRounding.AwayFromZero).ToString("0", CultureInfo.InvariantCulture)
        : "-";

    private static string Traffic(TrafficCounts counts, TrafficRates? rates) => string.Create(
        CultureInfo.InvariantCulture,
        $"in={Rate(rates?.InPerSecond)}/s out={Rate(rates?.OutPerSecond)}/s drops={counts.Drops}");
}
