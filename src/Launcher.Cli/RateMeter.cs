namespace Launcher.Cli;

/// <summary>
/// Turns successive readings of cumulative counters into per-second rates, one series per key (an overlay's or the
/// tracker's row). Not thread-safe: the live loop is its only caller.
/// </summary>
internal sealed class RateMeter
{
    private readonly Dictionary<string, (TrafficCounts Counts, TimeSpan At)> _last = new(StringComparer.Ordinal);
    private TimeSpan? _currentSampleAt;
    private TimeSpan? _previousSampleAt;

    /// <summary>
    /// Records <paramref name="counts"/> for <paramref name="key"/> read at <paramref name="at"/> (a monotonic time) and
    /// returns the rates since that key's previous reading. A key first seen after an earlier sample (a tracker that
    /// started in between) is measured from zero at that earlier sample; null when there is no earlier sample at all.
    /// </summary>
    public TrafficRates? Update(string key, TrafficCounts counts, TimeSpan at)
    {
        if (_currentSampleAt != at)
        {
            _previousSampleAt = _currentSampleAt;
            _currentSampleAt = at;
        }

        TrafficRates? rates = _last.TryGetValue(key, out var last)
            ? TrafficRates.Between(last.Counts, counts, at - last.At)
            : _previousSampleAt is { } previous ? TrafficRates.Between(default, counts, at - previous) : null;
        _last[key] = (counts, at);
        return rates;
    }
}
