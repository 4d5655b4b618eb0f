using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>
/// Discovery through rendezvous points: advertising registers at every point (the advertisement lasts as long as the
/// shortest TTL granted; it fails when no point accepted); requesting discovers at every point.
/// </summary>
[ComponentOptions(typeof(RendezvousInterfaceOptions))]
public sealed class RendezvousInterface : IDiscoveryInterface
{
    /// <summary>The name this interface is known by.</summary>
    public const string InterfaceName = "RendezvousInterface";

    private readonly RendezvousCommunity _community;
    private readonly RendezvousInterfaceOptions _options;

    /// <summary>Creates the interface over the node's rendezvous overlay.</summary>
    /// <param name="community">The rendezvous overlay (client side).</param>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentException">The settings are invalid (every problem listed).</exception>
    public RendezvousInterface(RendezvousCommunity community, RendezvousInterfaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(community);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _community = community;
        _options = options;
    }

    /// <inheritdoc/>
    public string Name => InterfaceName;

    /// <inheritdoc/>
    public bool CanAdvertise => true;

    /// <inheritdoc/>
    public bool CanRequest => true;

    /// <inheritdoc/>
    public void Advertise(string ns, Action<TimeSpan?> done)
    {
        ArgumentNullException.ThrowIfNull(done);
        var remaining = _options.RendezvousPoints.Count;
        TimeSpan? shortest = null;
        var gate = new object();
        foreach (var point in _options.RendezvousPoints)
        {
            _community.Register(point, ns, result =>
            {
                bool last;
                lock (gate)
                {
                    if (result.Succeeded && (shortest is null || result.GrantedTtl < shortest))
                    {
                        shortest = result.GrantedTtl;
                    }

                    last = --remaining == 0;
                }

                if (last)
                {
                    done(shortest);
                }
            }, _options.Ttl);
        }
    }

    /// <inheritdoc/>
    public void StopAdvertising(string ns)
    {
        foreach (var point in _options.RendezvousPoints)
        {
            _ = _community.UnregisterAsync(point, ns);
        }
    }

    /// <inheritdoc/>
    public void Request(string ns, IDiscoverySink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        foreach (var point in _options.RendezvousPoints)
        {
            // Records go to the sink page by page: a newcomer can greet its first peer while later pages of a large
            // namespace are still on their way (the last page's callback has nothing new to add).
            _community.Discover(point, ns, static _ => { }, _options.DiscoverLimit, page => Report(page, sink));
        }
    }

    private static void Report(IReadOnlyList<SignedPeerRecord> records, IDiscoverySink sink)
    {
        foreach (var record in records)
        {
            sink.OnRecord(record, InterfaceName);
        }
    }

    /// <summary>Returns the points as given (for reports).</summary>
    /// <returns>The rendezvous points.</returns>
    public IReadOnlyList<UdpAddress> GetRendezvousPoints() => _options.RendezvousPoints;
}
