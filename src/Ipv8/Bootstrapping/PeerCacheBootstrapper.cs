using Ipv8.Discovery;
using Ipv8.Messaging;

namespace Ipv8.Bootstrapping;

/// <summary>
/// Warm restarts: bootstraps an overlay from the peers it knew when it last ran (its <see cref="PeerCacheFile"/>), so a
/// node whose trackers are all gone still rejoins the network. The cache is read once, when this bootstrapper is created;
/// <see cref="Bootstrapper"/> hands its addresses (most recently seen first) to the overlay at most once per
/// <see cref="PeerCacheOptions.RetryInterval"/>. <see cref="Save"/> records the overlay's current verified peers and
/// walkable addresses (merged with what the cache held), and is called periodically and before the overlay unloads.
/// </summary>
/// <remarks>A corrupt or unreadable cache is reported (logged, counted by the file) and the bootstrapper then has no
/// addresses; it never fails the overlay's start. Thread-safe; one instance per overlay. The <see cref="IBootstrapper"/>
/// to add to the overlay is <see cref="Bootstrapper"/>: this class is not one itself, so the launcher's component catalog
/// (which lists every public bootstrapper class a file may name) does not offer it, as it needs a file and a community id
/// no configuration file gives.</remarks>
public sealed class PeerCacheBootstrapper
{
    private readonly Lock _gate = new();
    private readonly PeerCacheFile _file;
    private readonly PeerCacheOptions _options;
    private readonly byte[] _communityId;
    private List<PeerCacheEntry> _known;
    private DateTimeOffset? _lastRound;

    /// <summary>Creates the bootstrapper and reads the cache.</summary>
    /// <param name="file">The overlay's cache file.</param>
    /// <param name="options">The retry interval and limits (validated).</param>
    /// <param name="communityId">The overlay's community id (a cache of another community is ignored).</param>
    /// <exception cref="ArgumentException">An option is invalid.</exception>
    public PeerCacheBootstrapper(PeerCacheFile file, PeerCacheOptions options, ReadOnlyMemory<byte> communityId)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _file = file;
        _options = options;
        _communityId = communityId.ToArray();
        LoadResult = file.Load(_communityId, out var entries);
        _known = [.. entries];
        Bootstrapper = new CachedAddresses(this);
    }

    /// <summary>Gets the bootstrapper to add to the overlay (<c>Community.AddBootstrapper</c>).</summary>
    public IBootstrapper Bootstrapper { get; }

    /// <summary>Gets the cache file.</summary>
    public PeerCacheFile File => _file;

    /// <summary>Gets what reading the cache found at creation.</summary>
    public PeerCacheLoadResult LoadResult { get; }

    /// <summary>Gets the cached entries (those read at start, merged with every saved snapshot), most recently seen first.</summary>
    public IReadOnlyList<PeerCacheEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _known];
            }
        }
    }

    /// <summary>
    /// The cached addresses, most recently seen first, at most once per <see cref="PeerCacheOptions.RetryInterval"/>
    /// (what <see cref="Bootstrapper"/> returns to the overlay); empty otherwise.
    /// </summary>
    /// <param name="overlay">The overlay (its clock).</param>
    /// <returns>The addresses to walk to.</returns>
    public IReadOnlyList<UdpAddress> TakeAddresses(IDiscoveryOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var now = overlay.TimeProvider.GetUtcNow();
        lock (_gate)
        {
            if (_known.Count == 0 || (_lastRound is { } last && now - last < _options.RetryInterval))
            {
                return [];
            }

            _lastRound = now;
            return [.. _known.Select(e => e.Address)];
        }
    }

    /// <summary>
    /// Records <paramref name="overlay"/>'s verified peers (last seen: their last answer) and walkable addresses (last seen:
    /// now), merged with the cached entries, and writes the cache (see <see cref="PeerCacheFile.Save"/>: bounded, atomic,
    /// never empty). Never throws for file-system faults.
    /// </summary>
    /// <param name="overlay">The running overlay.</param>
    /// <returns>True when the cache was written.</returns>
    public bool Save(IDiscoveryOverlay overlay)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        var now = overlay.TimeProvider.GetUtcNow();
        var snapshot = new List<PeerCacheEntry>();
        lock (overlay.Network.SyncRoot)
        {
            foreach (var peer in overlay.GetPeers())
            {
                snapshot.Add(new PeerCacheEntry(peer.Address, peer.LastResponse ?? peer.CreationTime, peer.PublicKey.MidHex));
            }

            foreach (var address in overlay.GetWalkableAddresses())
            {
                snapshot.Add(new PeerCacheEntry(address, now, null));
            }
        }

        List<PeerCacheEntry> merged;
        lock (_gate)
        {
            merged = [.. snapshot.Where(e => e.Address.Port != 0), .. _known];
        }

        if (!_file.Save(_communityId, merged, now))
        {
            return false;
        }

        lock (_gate)
        {
            _known = [.. merged.Where(e => e.LastSeen >= now - _options.MaxAge)
                .GroupBy(e => e.Address)
                .Select(g => g.MaxBy(e => e.LastSeen)!)
                .OrderByDescending(e => e.LastSeen)
                .Take(_options.MaxEntries)];
        }

        return true;
    }

    /// <summary>The overlay-facing side: hands out the cached addresses; nothing to initialize, keep alive or unload.</summary>
    private sealed class CachedAddresses(PeerCacheBootstrapper cache) : IBootstrapper
    {
        public bool IsInitialized => true;

        public Task<bool> InitializeAsync(IDiscoveryOverlay overlay, CancellationToken cancellationToken) => Task.FromResult(true);

        public Task<IReadOnlyList<UdpAddress>> GetAddressesAsync(IDiscoveryOverlay overlay, TimeSpan timeout, CancellationToken cancellationToken) =>
            Task.FromResult(cache.TakeAddresses(overlay));

        public void KeepAlive(IDiscoveryOverlay overlay)
        {
            // Cached peers are ordinary peers: nothing to keep alive.
        }

        public IReadOnlyCollection<UdpAddress> Blacklist() => [];

        public ValueTask UnloadAsync() => ValueTask.CompletedTask;
    }
}
