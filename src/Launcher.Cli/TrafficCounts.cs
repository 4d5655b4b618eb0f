using Ipv8.Communities;
using Ipv8.Tracker;

namespace Launcher.Cli;

/// <summary>
/// Cumulative counters of one row of the live view at one moment: datagrams received and sent by the endpoint, and
/// datagrams dropped for any reason (by the overlay or tracker and by its endpoint).
/// </summary>
/// <param name="PacketsIn">Datagrams the endpoint received since it opened.</param>
/// <param name="PacketsOut">Datagrams the endpoint sent since it opened.</param>
/// <param name="Drops">Datagrams dropped since start, all reasons together.</param>
internal readonly record struct TrafficCounts(long PacketsIn, long PacketsOut, long Drops)
{
    /// <summary>Reads <paramref name="overlay"/>'s endpoint traffic (shared by the overlays of one endpoint) and its drops plus the endpoint's.</summary>
    public static TrafficCounts Of(Community overlay)
    {
        var endpoint = overlay.Endpoint.Counters;
        return new TrafficCounts(endpoint.PacketsIn, endpoint.PacketsOut, overlay.Drops.Total + endpoint.Drops.Total);
    }

    /// <summary>Reads <paramref name="tracker"/>'s endpoint traffic and its drops plus the endpoint's.</summary>
    public static TrafficCounts Of(TrackerService tracker)
    {
        var endpoint = tracker.Endpoint.Counters;
        return new TrafficCounts(endpoint.PacketsIn, endpoint.PacketsOut, tracker.Counters.Drops.Total + endpoint.Drops.Total);
    }
}
