using System.Diagnostics.Metrics;

namespace Ipv8.Messaging;

/// <summary>
/// The <see cref="Meter"/>s of one component instance (a community, a tracker, a pipe server): one per area
/// (<c>Ipv8.Messaging</c>, <c>Ipv8.Communities</c>, <c>Ipv8.Tracker</c>, <c>Ipv8.Rendezvous</c>, <c>Ipv8.Connectivity</c>),
/// each carrying the instance's tags, with observable instruments that read the component's own counters.
/// </summary>
/// <remarks>
/// <para>Meters come from the <see cref="IMeterFactory"/> when one is given (with dependency injection: the factory owns
/// and disposes them); otherwise this object creates and owns them, and <see cref="Dispose"/> disposes them, which
/// removes their instruments from every listener.</para>
/// <para>Every instrument is observable: nothing is measured on the hot path, a listener pulls the current values when it
/// collects. The instance's tags are on each meter and on each measurement. Thread-safe.</para>
/// </remarks>
public sealed class ComponentMeters : IDisposable
{
    private readonly Lock _gate = new();
    private readonly IMeterFactory? _factory;
    private readonly Dictionary<string, Meter> _meters = new(StringComparer.Ordinal);
    private readonly KeyValuePair<string, object?>[] _tags;
    private bool _disposed;

    /// <summary>Creates the meters' owner; no meter exists until an instrument is published.</summary>
    /// <param name="factory">The factory that creates (and owns) the meters; null to own them here.</param>
    /// <param name="tags">What tells this instance apart (e.g. <c>community</c>, <c>community_id</c>, <c>peer</c>).</param>
    public ComponentMeters(IMeterFactory? factory, IEnumerable<KeyValuePair<string, object?>> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        _factory = factory;
        _tags = [.. tags];
    }

    /// <summary>Gets the instance's tags.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Tags => _tags;

    /// <summary>Publishes every counter of <paramref name="set"/> on the meter of <paramref name="area"/>, named <paramref name="prefix"/> + its snake_case name.</summary>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public void Publish<TCounter>(string area, CounterSet<TCounter> set, string prefix)
        where TCounter : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(set);
        set.Publish(MeterOf(area), prefix, _tags);
    }

    /// <summary>Publishes a monotonic count read by <paramref name="read"/> (which must be thread-safe) as <paramref name="name"/> on the meter of <paramref name="area"/>.</summary>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public void PublishCounter(string area, string name, Func<long> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var tags = _tags;
        MeterOf(area).CreateObservableCounter(name, () => new Measurement<long>(read(), tags), unit: "{event}");
    }

    /// <summary>Publishes a current level read by <paramref name="read"/> (which must be thread-safe) as <paramref name="name"/> on the meter of <paramref name="area"/>.</summary>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public void PublishGauge(string area, string name, Func<long> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var tags = _tags;
        MeterOf(area).CreateObservableGauge(name, () => new Measurement<long>(read(), tags));
    }

    /// <summary>Disposes the meters this object owns (not those of a factory). Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_factory is null)
            {
                foreach (var meter in _meters.Values)
                {
                    meter.Dispose();
                }
            }

            _meters.Clear();
        }
    }

    private Meter MeterOf(string area)
    {
        ArgumentException.ThrowIfNullOrEmpty(area);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_meters.TryGetValue(area, out var meter))
            {
                var options = new MeterOptions(area) { Tags = _tags };
                meter = _factory?.Create(options) ?? new Meter(options);
                _meters.Add(area, meter);
            }

            return meter;
        }
    }
}
