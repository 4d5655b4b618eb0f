using Ipv8.Keys;
using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>
/// The <see cref="IDiscoveryManager"/> over a fixed list of <see cref="IDiscoveryInterface"/>s, on a
/// <see cref="System.TimeProvider"/> (a virtual clock in tests): advertisements are renewed at
/// <see cref="DiscoveryManagerOptions.RenewAt"/> of the lifetime an interface reports (retried after
/// <see cref="DiscoveryManagerOptions.RetryInterval"/> on failure); queries ask every requesting interface at once and
/// then every <see cref="DiscoveryManagerOptions.RequestInterval"/>.
/// </summary>
/// <remarks>
/// Verification: a record is handed out only when <see cref="SignedPeerRecord.Check"/> passes for the query's namespace
/// at the current time; a peer reported by a community is trusted as that community proved it. Our own key is never
/// handed out. Interfaces are never called while the manager holds its own lock, so callbacks under an overlay's lock
/// cannot deadlock with it. Counters: <see cref="RecordsRefused"/>, <see cref="PeersOverLimit"/>.
/// </remarks>
public sealed class DiscoveryManager : IDiscoveryManager
{
    private readonly object _lock = new();
    private readonly List<DiscoveryQuery> _queries = [];
    private readonly List<DiscoveryAdvertisement> _advertisements = [];
    private long _recordsRefused;
    private long _peersOverLimit;
    private bool _disposed;

    /// <summary>Creates the manager.</summary>
    /// <param name="interfaces">The interfaces (at least one; names distinct).</param>
    /// <param name="keyParser">Parses the keys of received records.</param>
    /// <param name="timeProvider">The clock and timers.</param>
    /// <param name="options">The settings (default <see cref="DiscoveryManagerOptions"/>).</param>
    /// <param name="ownKey">Our key, never handed out (optional).</param>
    /// <exception cref="ArgumentException">No interface, or two with the same name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public DiscoveryManager(IEnumerable<IDiscoveryInterface> interfaces, PublicKeyParser keyParser, TimeProvider timeProvider, DiscoveryManagerOptions? options = null, PublicKey? ownKey = null)
    {
        ArgumentNullException.ThrowIfNull(interfaces);
        ArgumentNullException.ThrowIfNull(keyParser);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Interfaces = [.. interfaces];
        if (Interfaces.Count == 0)
        {
            throw new ArgumentException("A discovery manager needs at least one interface.", nameof(interfaces));
        }

        if (Interfaces.GroupBy(i => i.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"Two discovery interfaces are named '{duplicate.Key}'.", nameof(interfaces));
        }

        Options = options ?? new DiscoveryManagerOptions();
        Options.ThrowIfInvalid();
        KeyParser = keyParser;
        TimeProvider = timeProvider;
        OwnKey = ownKey;
    }

    /// <inheritdoc/>
    public IReadOnlyList<IDiscoveryInterface> Interfaces { get; }

    /// <summary>Gets the settings.</summary>
    public DiscoveryManagerOptions Options { get; }

    /// <summary>Gets the number of records refused by verification (bad signature, expired, other namespace, bad key).</summary>
    public long RecordsRefused => Interlocked.Read(ref _recordsRefused);

    /// <summary>Gets the number of distinct peers ignored because a query held <see cref="DiscoveryManagerOptions.MaxPeersPerQuery"/>.</summary>
    public long PeersOverLimit => Interlocked.Read(ref _peersOverLimit);

    internal PublicKeyParser KeyParser { get; }

    internal TimeProvider TimeProvider { get; }

    internal PublicKey? OwnKey { get; }

    /// <inheritdoc/>
    public IDiscoveryAdvertisement Advertise(string ns)
    {
        ThrowIfBadNamespace(ns);
        var advertisement = new DiscoveryAdvertisement(this, ns);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _advertisements.Add(advertisement);
        }

        advertisement.Start();
        return advertisement;
    }

    /// <inheritdoc/>
    public IDiscoveryQuery Request(string ns)
    {
        ThrowIfBadNamespace(ns);
        var query = new DiscoveryQuery(this, ns);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queries.Add(query);
        }

        query.Start();
        return query;
    }

    /// <summary>Stops every advertisement and query.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        DiscoveryQuery[] queries;
        DiscoveryAdvertisement[] advertisements;
        lock (_lock)
        {
            _disposed = true;
            queries = [.. _queries];
            advertisements = [.. _advertisements];
            _queries.Clear();
            _advertisements.Clear();
        }

        foreach (var query in queries)
        {
            query.Stop();
        }

        foreach (var advertisement in advertisements)
        {
            advertisement.Stop();
        }

        return ValueTask.CompletedTask;
    }

    internal void CountRefused() => Interlocked.Increment(ref _recordsRefused);

    internal void CountOverLimit() => Interlocked.Increment(ref _peersOverLimit);

    internal void Forget(DiscoveryQuery query)
    {
        lock (_lock)
        {
            _queries.Remove(query);
        }
    }

    internal void Forget(DiscoveryAdvertisement advertisement)
    {
        lock (_lock)
        {
            _advertisements.Remove(advertisement);
        }
    }

    private static void ThrowIfBadNamespace(string ns)
    {
        if (SignedPeerRecord.CheckNamespace(ns) is { } problem)
        {
            throw new ArgumentException(problem, nameof(ns));
        }
    }
}
