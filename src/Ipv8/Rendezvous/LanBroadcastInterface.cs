using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>
/// Discovery on the LAN: each advertised namespace is announced (a signed record, message id 6 of the rendezvous overlay)
/// to <see cref="LanBroadcastOptions.BroadcastAddress"/> every <see cref="LanBroadcastOptions.Interval"/>; announcements
/// received are checked by the overlay and kept (bounded) until their record expires; a request hands out the kept records
/// of its namespace. Bounded both ways: at most <see cref="LanBroadcastOptions.MaxNamespaces"/> announced, one datagram
/// each per interval; at most <see cref="LanBroadcastOptions.MaxRecords"/> kept. Announcements are never answered.
/// </summary>
[ComponentOptions(typeof(LanBroadcastOptions))]
public sealed class LanBroadcastInterface : IDiscoveryInterface, IDisposable
{
    /// <summary>The name this interface is known by.</summary>
    public const string InterfaceName = "LanBroadcastInterface";

    private readonly RendezvousCommunity _community;
    private readonly LanBroadcastOptions _options;
    private readonly Dictionary<string, ITimer> _announcing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SignedPeerRecord> _records = new(StringComparer.Ordinal);
    private readonly IDisposable _listener;
    private readonly object _lock = new();

    /// <summary>Creates the interface and starts listening for announcements.</summary>
    /// <param name="community">The rendezvous overlay that sends and receives the announcements.</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentException">The settings are invalid (every problem listed).</exception>
    public LanBroadcastInterface(RendezvousCommunity community, LanBroadcastOptions options)
    {
        ArgumentNullException.ThrowIfNull(community);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _community = community;
        _options = options;
        _listener = community.AddAnnouncementListener(OnAnnouncement);
    }

    /// <inheritdoc/>
    public string Name => InterfaceName;

    /// <inheritdoc/>
    public bool CanAdvertise => true;

    /// <inheritdoc/>
    public bool CanRequest => true;

    /// <summary>Gets the number of received records kept.</summary>
    public int RecordCount
    {
        get
        {
            lock (_lock)
            {
                return _records.Count;
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>Announces at once and then every interval until <see cref="StopAdvertising"/>; fails (null) beyond <see cref="LanBroadcastOptions.MaxNamespaces"/>.</remarks>
    public void Advertise(string ns, Action<TimeSpan?> done)
    {
        ArgumentNullException.ThrowIfNull(done);
        lock (_lock)
        {
            if (!_announcing.ContainsKey(ns))
            {
                if (_announcing.Count >= _options.MaxNamespaces)
                {
                    done(null);
                    return;
                }

                _announcing[ns] = _community.TimeProvider.CreateTimer(_ => AnnounceNow(ns), null, _options.Interval, _options.Interval);
            }
        }

        AnnounceNow(ns);
        done(Timeout.InfiniteTimeSpan);
    }

    /// <inheritdoc/>
    public void StopAdvertising(string ns)
    {
        lock (_lock)
        {
            if (_announcing.Remove(ns, out var timer))
            {
                timer.Dispose();
            }
        }
    }

    /// <inheritdoc/>
    public void Request(string ns, IDiscoverySink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        List<SignedPeerRecord> matching;
        lock (_lock)
        {
            matching = [.. _records.Values.Where(r => string.Equals(r.Namespace, ns, StringComparison.Ordinal))];
        }

        foreach (var record in matching)
        {
            sink.OnRecord(record, InterfaceName);
        }
    }

    /// <summary>Stops announcing and listening.</summary>
    public void Dispose()
    {
        _listener.Dispose();
        lock (_lock)
        {
            foreach (var timer in _announcing.Values)
            {
                timer.Dispose();
            }

            _announcing.Clear();
        }
    }

    private void AnnounceNow(string ns)
    {
        lock (_lock)
        {
            if (!_announcing.ContainsKey(ns))
            {
                return;
            }
        }

        _community.Announce(_community.CreateRecord(ns, _options.RecordTtl), _options.BroadcastAddress);
    }

    private void OnAnnouncement(SignedPeerRecord record, UdpAddress source)
    {
        var id = Convert.ToHexString(record.KeyBin.Span) + "/" + record.Namespace;
        lock (_lock)
        {
            if (!_records.ContainsKey(id) && _records.Count >= _options.MaxRecords)
            {
                var now = _community.TimeProvider.GetUtcNow();
                foreach (var expired in _records.Where(p => p.Value.Expiry <= now).Select(p => p.Key).ToList())
                {
                    _records.Remove(expired);
                }

                if (_records.Count >= _options.MaxRecords)
                {
                    _records.Remove(_records.MinBy(p => p.Value.Expiry).Key);
                }
            }

            _records[id] = record;
        }
    }
}
