using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Communities;

/// <summary>
/// Outstanding requests with timeouts (py-ipv8 <c>RequestCache</c>, spec 12.1), driven by a <see cref="TimeProvider"/>.
/// Entries are keyed by (prefix, number); each has a timer that removes it and calls
/// <see cref="RequestCacheEntry.OnTimeout"/> when it expires.
/// </summary>
/// <remarks>
/// Thread-safe: every member and every timeout callback runs under the lock given at construction (a community
/// passes its <c>Network.SyncRoot</c>, so timeouts are serialized with datagram handling). Bounded by
/// <see cref="RequestCacheOptions.MaxEntries"/>.
/// </remarks>
public sealed class RequestCache : IDisposable
{
    private readonly Dictionary<(string Prefix, long Number), RequestCacheEntry> _entries = [];
    private readonly TimeProvider _timeProvider;
    private readonly RequestCacheOptions _options;
    private readonly object _syncRoot;
    private readonly Random _random;
    private readonly ILogger _logger;
    private bool _shutdown;
    private long _refusedFull;
    private long _timedOut;
    private long _timeoutFailures;

    /// <summary>Creates a cache.</summary>
    /// <param name="timeProvider">The clock for timeouts.</param>
    /// <param name="syncRoot">The lock to hold for all operations and callbacks; a private one when null.</param>
    /// <param name="random">The random source for <see cref="CreateRandomNumber"/>; a fixed-seed one when null.</param>
    /// <param name="options">Bounds; defaults when null.</param>
    /// <param name="logger">Where timeout-callback failures are logged.</param>
    public RequestCache(TimeProvider timeProvider, object? syncRoot = null, Random? random = null, RequestCacheOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _syncRoot = syncRoot ?? new object();
        _random = random ?? new Random(0);
        _options = options ?? new RequestCacheOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxEntries);
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the number of outstanding entries.</summary>
    public int Count
    {
        get
        {
            lock (_syncRoot)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Gets the number of adds refused because the cache was full.</summary>
    public long RefusedFull => Interlocked.Read(ref _refusedFull);

    /// <summary>Gets the number of entries that timed out.</summary>
    public long TimedOut => Interlocked.Read(ref _timedOut);

    /// <summary>Gets the number of timeout callbacks that threw.</summary>
    public long TimeoutFailures => Interlocked.Read(ref _timeoutFailures);

    /// <summary>Gets a value indicating whether <see cref="Shutdown"/> was called.</summary>
    public bool IsShutdown
    {
        get
        {
            lock (_syncRoot)
            {
                return _shutdown;
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="entry"/> and starts its timeout. Returns false (and adds nothing) after
    /// <see cref="Shutdown"/>, when an entry with the same prefix and number exists, or when the cache is full
    /// (counted in <see cref="RefusedFull"/>).
    /// </summary>
    public bool TryAdd(RequestCacheEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_syncRoot)
        {
            if (_shutdown || _entries.ContainsKey((entry.Prefix, entry.Number)))
            {
                return false;
            }

            if (_entries.Count >= _options.MaxEntries)
            {
                Interlocked.Increment(ref _refusedFull);
                return false;
            }

            _entries[(entry.Prefix, entry.Number)] = entry;
            entry.AddedAt = _timeProvider.GetUtcNow();
            entry.Timer = _timeProvider.CreateTimer(static state => ((TimeoutState)state!).Fire(), new TimeoutState(this, entry), entry.Timeout, Timeout.InfiniteTimeSpan);
            return true;
        }
    }

    /// <summary>Returns true when an entry with <paramref name="prefix"/> and <paramref name="number"/> is outstanding.</summary>
    public bool Has(string prefix, long number)
    {
        lock (_syncRoot)
        {
            return _entries.ContainsKey((prefix, number));
        }
    }

    /// <summary>Returns the outstanding entry, or null.</summary>
    public RequestCacheEntry? Get(string prefix, long number)
    {
        lock (_syncRoot)
        {
            return _entries.GetValueOrDefault((prefix, number));
        }
    }

    /// <summary>Removes the outstanding entry and cancels its timeout. Returns false when there is none.</summary>
    public bool TryPop(string prefix, long number, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out RequestCacheEntry? entry)
    {
        lock (_syncRoot)
        {
            if (!_entries.Remove((prefix, number), out entry))
            {
                return false;
            }

            entry.Timer?.Dispose();
            entry.Timer = null;
            return true;
        }
    }

    /// <summary>
    /// Returns a number in [0, 65536) not in use for <paramref name="prefix"/>, drawn uniformly at random
    /// (up to <see cref="RequestCacheOptions.RandomNumberAttempts"/> tries).
    /// </summary>
    /// <exception cref="InvalidOperationException">No free number was found.</exception>
    public long CreateRandomNumber(string prefix)
    {
        lock (_syncRoot)
        {
            for (var i = 0; i < _options.RandomNumberAttempts; i++)
            {
                long number = _random.Next(0, 65536);
                if (!_entries.ContainsKey((prefix, number)))
                {
                    return number;
                }
            }
        }

        throw new InvalidOperationException($"No free request number for '{prefix}'.");
    }

    /// <summary>Removes every entry without calling timeouts; the cache stays usable.</summary>
    public void Clear()
    {
        lock (_syncRoot)
        {
            foreach (var entry in _entries.Values)
            {
                entry.Timer?.Dispose();
                entry.Timer = null;
            }

            _entries.Clear();
        }
    }

    /// <summary>Removes every entry without calling timeouts and refuses further adds. Idempotent.</summary>
    public void Shutdown()
    {
        lock (_syncRoot)
        {
            _shutdown = true;
            Clear();
        }
    }

    /// <summary>Same as <see cref="Shutdown"/>.</summary>
    public void Dispose() => Shutdown();

    private void OnTimer(RequestCacheEntry entry)
    {
        lock (_syncRoot)
        {
            if (!_entries.TryGetValue((entry.Prefix, entry.Number), out var held) || !ReferenceEquals(held, entry))
            {
                return;
            }

            _entries.Remove((entry.Prefix, entry.Number));
            entry.Timer?.Dispose();
            entry.Timer = null;
            Interlocked.Increment(ref _timedOut);
            try
            {
                entry.OnTimeout();
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _timeoutFailures);
                Log.CacheTimeoutFailed(_logger, ex, entry.ToString());
            }
        }
    }

    private sealed class TimeoutState(RequestCache cache, RequestCacheEntry entry)
    {
        public void Fire() => cache.OnTimer(entry);
    }
}
