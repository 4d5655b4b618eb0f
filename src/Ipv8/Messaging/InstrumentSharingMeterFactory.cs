using System.Diagnostics.Metrics;

namespace Ipv8.Messaging;

/// <summary>
/// An <see cref="IMeterFactory"/> whose components share instruments: every <see cref="ComponentMeters"/> created with it
/// publishes a counter of a given name on a given meter as one measurement (with its own tags) of one instrument, instead of
/// an instrument of its own. The meters come from the inner factory when one is given (e.g. the container's, which caches and
/// owns them), else this factory creates one meter per name and owns it.
/// </summary>
/// <remarks>
/// <para>Why: a community publishes 86 counters; as instruments of its own they cost ≈ 19 KB per community (an instrument, a
/// callback, its closure and the meter's bookkeeping each), the largest part of what an extra <c>instances: N</c> peer cost.
/// Shared, an instance costs one small registration per counter set. The launcher's host service wraps the application's
/// factory (or none) in one of these for all its instances and its tracker; the simulator does the same for its peers.</para>
/// <para>Lifetime: whoever creates it owns it. <see cref="Dispose"/> disposes the meters this factory created (their
/// instruments stop publishing) and forgets the registries; meters of the inner factory stay with it. Thread-safe.</para>
/// </remarks>
public sealed class InstrumentSharingMeterFactory : IMeterFactory
{
    private readonly IMeterFactory? _inner;
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Name, string? Version), Meter> _byName = [];
    private readonly List<Meter> _ownMeters = [];
    private readonly Dictionary<Meter, SharedInstruments> _instruments = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    /// <summary>Creates a factory; nothing is created until a meter is asked for.</summary>
    /// <param name="inner">Creates (and owns) the meters; null: this factory creates one meter per name and version and owns it.</param>
    public InstrumentSharingMeterFactory(IMeterFactory? inner = null)
    {
        _inner = inner;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// With an inner factory, its meter. Without, one meter per name and version (created once, then the same meter);
    /// options with tags get a meter of their own each time, owned and disposed with this factory.
    /// </remarks>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public Meter Create(MeterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_inner is not null)
            {
                return _inner.Create(options);
            }

            if (options.Tags is null && _byName.TryGetValue((options.Name, options.Version), out var cached))
            {
                return cached;
            }

            var meter = new Meter(options);
            _ownMeters.Add(meter);
            if (options.Tags is null)
            {
                _byName.Add((options.Name, options.Version), meter);
            }

            return meter;
        }
    }

    /// <summary>Disposes the meters this factory created and forgets every meter's shared instruments. Idempotent.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var meter in _ownMeters)
            {
                meter.Dispose();
            }

            _ownMeters.Clear();
            _byName.Clear();
            _instruments.Clear();
        }
    }

    /// <summary>Gets the instruments shared on <paramref name="meter"/> (created the first time it is asked for).</summary>
    internal SharedInstruments InstrumentsOf(Meter meter)
    {
        lock (_gate)
        {
            if (!_instruments.TryGetValue(meter, out var instruments))
            {
                instruments = new SharedInstruments(meter);
                _instruments.Add(meter, instruments);
            }

            return instruments;
        }
    }
}
