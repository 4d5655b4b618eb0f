using System.Diagnostics.Metrics;

namespace Ipv8.Simulation;

/// <summary>
/// An <see cref="IMeterFactory"/> for simulated peers whose metrics nobody reads: it hands out one meter that is disposed
/// from the start, so instruments created on it are never published to any listener, and nothing keeps them (each
/// community's ~86 observable instruments become garbage at once instead of staying reachable through its meters).
/// </summary>
/// <remarks>The components' own counters (<c>Drops</c>, <c>Counters</c>, ...) still count; only the metrics view is off.</remarks>
internal sealed class DisabledMeterFactory : IMeterFactory
{
    private readonly Meter _meter;

    internal DisabledMeterFactory()
    {
        _meter = new Meter("Ipv8.Simulation.Disabled");
        _meter.Dispose();
    }

    /// <inheritdoc/>
    public Meter Create(MeterOptions options) => _meter;

    /// <inheritdoc/>
    public void Dispose()
    {
    }
}
