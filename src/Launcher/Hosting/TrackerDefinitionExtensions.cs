using System.Net;
using Ipv8.Tracker;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Hosting;

/// <summary>Turns a declared tracker (<c>tracker:</c> in the configuration) into the settings <see cref="TrackerHost"/> runs with.</summary>
public static class TrackerDefinitionExtensions
{
    /// <summary>
    /// Returns the host settings of <paramref name="tracker"/>: its address and port, and <see cref="TrackerOptions"/>
    /// with the declared <see cref="TrackerDefinition.Limits"/> applied (defaults for absent keys).
    /// </summary>
    /// <param name="tracker">The declared tracker (as loaded, so its limits were already checked).</param>
    /// <returns>The host settings; <see cref="TrackerHostOptions.Duration"/> is null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="tracker"/> is null.</exception>
    /// <exception cref="FormatException">The address is not an IP address, or the limits are invalid (unknown key, wrong type or out of range).</exception>
    public static TrackerHostOptions ToHostOptions(this TrackerDefinition tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        return new TrackerHostOptions
        {
            ListenAddress = IPAddress.Parse(tracker.Address),
            ListenPort = tracker.Port,
            Tracker = OptionsBinder.Create<TrackerOptions>(tracker.Limits),
        };
    }
}
