namespace Ipv8.Tracker;

/// <summary>What a <see cref="TrackerService"/> did and refused. Thread-safe; every bound that bites is counted here.</summary>
public sealed class TrackerCounters
{
    /// <summary>Gets the datagrams dropped, by reason (malformed, bad signature, unknown message id, rate limited, ...).</summary>
    public Messaging.CounterSet<Messaging.DropReason> Drops { get; } = new();

    /// <summary>Gets the tracker's own counters (<see cref="TrackerCounter"/>).</summary>
    public Messaging.CounterSet<TrackerCounter> Events { get; } = new();

    /// <summary>Gets the current value of <paramref name="counter"/>.</summary>
    public long this[TrackerCounter counter] => Events[counter];

    /// <summary>Gets the number of unproven addresses whose rate limiter was evicted (MaxUnprovenAddresses).</summary>
    public long UnprovenAddressesEvicted => UnprovenLimiter?[Messaging.ReceiveLimiterCounter.AddressesEvicted] ?? 0;

    /// <summary>Gets the number of /24 prefixes whose rate limiter was evicted (MaxUnprovenPrefixes).</summary>
    public long UnprovenPrefixesEvicted => UnprovenLimiter?[Messaging.ReceiveLimiterCounter.PrefixesEvicted] ?? 0;

    /// <summary>Gets the counters of the limiter applied to unproven addresses (null for counters not owned by a tracker).</summary>
    public Messaging.CounterSet<Messaging.ReceiveLimiterCounter>? UnprovenLimiter { get; internal set; }

    /// <summary>Publishes every counter of <see cref="ToFlatDictionary"/> on the <c>Ipv8.Tracker</c> meter of <paramref name="meters"/>, under the same names.</summary>
    internal void Publish(Messaging.ComponentMeters meters)
    {
        const string area = "Ipv8.Tracker";
        meters.Publish(area, Drops, string.Empty);
        meters.Publish(area, Events, "tracker_");
        if (UnprovenLimiter is { } limiter)
        {
            meters.Publish(area, limiter, "limiter_");
        }

        meters.PublishCounter(area, "tracker_unproven_addresses_evicted", () => UnprovenAddressesEvicted);
        meters.PublishCounter(area, "tracker_unproven_prefixes_evicted", () => UnprovenPrefixesEvicted);
    }

    /// <summary>Adds one to <paramref name="counter"/>.</summary>
    internal void Increment(TrackerCounter counter) => Events.Increment(counter);

    /// <summary>
    /// Returns every counter under one flat snake_case name, sorted (the shape of a <c>--report</c> line's <c>counters</c>):
    /// drops by reason as <c>malformed</c>, <c>bad_signature</c>, ... (zeros included), the unproven-source limiter as
    /// <c>limiter_*</c>, and the tracker's own counters as <c>tracker_*</c> (<c>tracker_requests_received</c>, ...).
    /// </summary>
    public IReadOnlyDictionary<string, long> ToFlatDictionary()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (reason, value) in Drops.NonZero())
        {
            result[Messaging.CounterSet<Messaging.DropReason>.NameOf(reason)] = value;
        }

        if (UnprovenLimiter is { } limiter)
        {
            foreach (var (name, value) in limiter.Snapshot())
            {
                result["limiter_" + name] = value;
            }
        }

        foreach (var (name, value) in Events.Snapshot("tracker_"))
        {
            result[name] = value;
        }

        result["tracker_unproven_addresses_evicted"] = UnprovenAddressesEvicted;
        result["tracker_unproven_prefixes_evicted"] = UnprovenPrefixesEvicted;
        return result;
    }

    /// <summary>
    /// Returns the non-zero counters of <see cref="ToFlatDictionary"/> as <c>name=value</c> pairs separated by spaces
    /// (<c>none</c> when all are zero), for one log line.
    /// </summary>
    public string ToLogText()
    {
        var parts = ToFlatDictionary().Where(p => p.Value != 0).Select(p => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Key}={p.Value}"));
        var text = string.Join(' ', parts);
        return text.Length == 0 ? "none" : text;
    }
}
