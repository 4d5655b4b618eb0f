using System.Diagnostics.Metrics;

namespace Ipv8.Messaging;

/// <summary>
/// The metrics of one component instance (a community, a tracker, a pipe server): its counters published as observable
/// instruments on one meter per area (<c>Ipv8.Messaging</c>, <c>Ipv8.Communities</c>, <c>Ipv8.Tracker</c>,
/// <c>Ipv8.Rendezvous</c>, <c>Ipv8.Connectivity</c>), each measurement tagged with the instance's tags.
/// </summary>
/// <remarks>
/// <para>Instruments are shared when the factory is an <see cref="InstrumentSharingMeterFactory"/>: every instance that
/// publishes a counter of the same name on the same meter adds one measurement (with its tags) to one instrument, instead
/// of creating an instrument of its own (the launcher's host service and the simulator give their components one). With
/// another <see cref="IMeterFactory"/> the meters come from it (it owns and disposes them) and this instance creates
/// instruments of its own on them (which report nothing once it is disposed); with no factory this instance creates and
/// owns one meter per area and disposes them with itself. The meters carry no instance tags; the measurements do.</para>
/// <para><see cref="Dispose"/> removes this instance's measurements from every instrument (shared instruments stay).
/// Every instrument is observable: nothing is measured on the hot path, a listener pulls the current values when it
/// collects. Thread-safe.</para>
/// </remarks>
public sealed class ComponentMeters : IDisposable
{
    private readonly Lock _gate = new();
    private readonly IMeterFactory? _factory;
    private readonly Dictionary<string, Meter> _meters = new(StringComparer.Ordinal);
    // Only without an InstrumentSharingMeterFactory: this instance's own instruments, one registry per meter.
    private Dictionary<Meter, SharedInstruments>? _ownInstruments;
    private readonly List<SharedInstruments.Publication> _publications = [];
    private readonly KeyValuePair<string, object?>[] _tags;
    private bool _disposed;

    /// <summary>Creates the instance's metrics; nothing is published until a counter is.</summary>
    /// <param name="factory">The factory that creates (and owns) the meters, sharing instruments when it is an <see cref="InstrumentSharingMeterFactory"/>; null: this instance owns its meters.</param>
    /// <param name="tags">What tells this instance apart (e.g. <c>community</c>, <c>community_id</c>, <c>peer</c>); on every measurement.</param>
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
        ArgumentNullException.ThrowIfNull(prefix);
        Register(area, prefix + "\0" + typeof(TCounter).FullName, () => CounterSet<TCounter>.NamesWith(prefix), gauge: false, set.ReadAt);
    }

    /// <summary>Publishes a monotonic count read by <paramref name="read"/> (which must be thread-safe) as <paramref name="name"/> on the meter of <paramref name="area"/>.</summary>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public void PublishCounter(string area, string name, Func<long> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Register(area, "counter\0" + name, () => [name], gauge: false, _ => read());
    }

    /// <summary>Publishes a current level read by <paramref name="read"/> (which must be thread-safe) as <paramref name="name"/> on the meter of <paramref name="area"/>.</summary>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public void PublishGauge(string area, string name, Func<long> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Register(area, "gauge\0" + name, () => [name], gauge: true, _ => read());
    }

    /// <summary>Removes this instance's measurements from every instrument and disposes the meters it created itself (those of a factory stay with it). Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var publication in _publications)
            {
                publication.Dispose();
            }

            _publications.Clear();
            if (_factory is null)
            {
                foreach (var meter in _meters.Values)
                {
                    meter.Dispose();
                }
            }

            _meters.Clear();
            _ownInstruments = null;
        }
    }

    private SharedInstruments InstrumentsOf(Meter meter)
    {
        if (_factory is InstrumentSharingMeterFactory sharing)
        {
            return sharing.InstrumentsOf(meter);
        }

        _ownInstruments ??= new Dictionary<Meter, SharedInstruments>(ReferenceEqualityComparer.Instance);
        if (!_ownInstruments.TryGetValue(meter, out var instruments))
        {
            instruments = new SharedInstruments(meter);
            _ownInstruments.Add(meter, instruments);
        }

        return instruments;
    }

    private void Register(string area, string key, Func<string[]> names, bool gauge, Func<int, long> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(area);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_meters.TryGetValue(area, out var meter))
            {
                meter = _factory?.Create(new MeterOptions(area)) ?? new Meter(area);
                _meters.Add(area, meter);
            }

            _publications.Add(InstrumentsOf(meter).Add(key, names, gauge, read, _tags));
        }
    }
}
