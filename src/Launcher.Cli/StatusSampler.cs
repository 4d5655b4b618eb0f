using Ipv8.Communities;
using Ipv8.Tracker;

namespace Launcher.Cli;

/// <summary>
/// Reads the running overlays (and the hosted tracker once it serves) into a <see cref="RunStatus"/>, with per-second
/// rates from the difference to the previous reading. Not thread-safe: the live loop is its only caller.
/// </summary>
internal sealed class StatusSampler
{
    /// <summary>The key of the tracker's series in the <see cref="RateMeter"/>; overlay names cannot contain a space.</summary>
    private const string TrackerKey = "tracker ";

    private readonly IReadOnlyList<(string Name, Community Overlay)> _overlays;
    private readonly Func<TrackerService?> _tracker;
    private readonly TimeProvider _timeProvider;
    private readonly long _start;
    private readonly RateMeter _rates = new();

    /// <param name="overlays">The rows, in display order.</param>
    /// <param name="tracker">Returns the hosted tracker once it serves, null before or when none is hosted.</param>
    /// <param name="timeProvider">The clock of the readings.</param>
    public StatusSampler(IReadOnlyList<(string Name, Community Overlay)> overlays, Func<TrackerService?> tracker, TimeProvider timeProvider)
    {
        _overlays = overlays;
        _tracker = tracker;
        _timeProvider = timeProvider;
        _start = timeProvider.GetTimestamp();
    }

    /// <summary>Reads every row now.</summary>
    public RunStatus Sample()
    {
        var at = _timeProvider.GetElapsedTime(_start);
        var rows = new List<OverlayStatus>(_overlays.Count);
        foreach (var (name, overlay) in _overlays)
        {
            int peers;
            int walkable;
            lock (overlay.Network.SyncRoot)
            {
                peers = overlay.PeerCount;
                walkable = overlay.GetWalkableAddresses().Count;
            }

            var counts = TrafficCounts.Of(overlay);
            rows.Add(new OverlayStatus(name, overlay.Endpoint.LocalAddress.ToString(), peers, walkable, counts, _rates.Update(name, counts, at)));
        }

        TrackerStatus? trackerStatus = null;
        if (_tracker() is { } tracker)
        {
            var counts = TrafficCounts.Of(tracker);
            trackerStatus = new TrackerStatus(tracker.Endpoint.LocalAddress.ToString(), tracker.PeerCount, tracker.CommunityCount, counts, _rates.Update(TrackerKey, counts, at));
        }

        return new RunStatus(_timeProvider.GetLocalNow(), rows, trackerStatus);
    }
}
