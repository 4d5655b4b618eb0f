namespace Launcher.Cli;

/// <summary>Datagrams per second in and out over one interval of the live view.</summary>
/// <param name="InPerSecond">Datagrams received per second.</param>
/// <param name="OutPerSecond">Datagrams sent per second.</param>
internal readonly record struct TrafficRates(double InPerSecond, double OutPerSecond)
{
    /// <summary>
    /// The rates between two readings of the same counters taken <paramref name="elapsed"/> apart. Zero when no time
    /// elapsed; a counter that went backwards (a reading of another endpoint) counts as zero rather than a negative rate.
    /// </summary>
    public static TrafficRates Between(TrafficCounts previous, TrafficCounts current, TimeSpan elapsed)
    {
        if (elapsed <= TimeSpan.Zero)
        {
            return default;
        }

        var seconds = elapsed.TotalSeconds;
        return new TrafficRates(
            Math.Max(0, current.PacketsIn - previous.PacketsIn) / seconds,
            Math.Max(0, current.PacketsOut - previous.PacketsOut) / seconds);
    }
}
