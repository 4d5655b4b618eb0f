using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Messaging;

/// <summary>
/// Demultiplexes received datagrams to listeners exactly as py-ipv8's endpoint does (spec 1.4), shared by
/// every <see cref="IEndpoint"/> implementation (real and simulated).
/// </summary>
/// <remarks>
/// <para>There are general listeners and a map from 22-byte prefixes to listeners. When a prefix entry is
/// created, every general listener existing at that time is appended to it; a general listener added later
/// is appended to every existing prefix entry. A datagram whose first 22 bytes are a key of the map goes to
/// that entry's listeners only; any other datagram goes to the general listeners only.</para>
/// <para>Short datagrams (under 23 bytes, no room for a message id) never match a prefix. They are handed to
/// the general listeners when there are any (a tracker or a LAN bootstrapper may accept anything) and are
/// otherwise counted as <see cref="DropReason.TooShort"/>. A datagram of 23 bytes or more that matches no
/// prefix while there are no general listeners is counted as <see cref="DropReason.UnknownPrefix"/>.</para>
/// <para>A listener that throws is counted as <see cref="DropReason.ListenerFailed"/> and logged; the other
/// listeners still receive the datagram. Registration is thread-safe (copy-on-write) and may happen from a
/// listener; delivery reads an immutable snapshot and does not allocate.</para>
/// </remarks>
public sealed class DatagramRouter
{
    /// <summary>The smallest datagram that can match a prefix: the 22-byte prefix and a message id.</summary>
    public const int MinimumPrefixedLength = PrefixKey.Length + 1;

    private readonly CounterSet<DropReason> _drops;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private volatile Snapshot _snapshot = new([], new Dictionary<PrefixKey, IDatagramListener[]>());

    /// <summary>Creates a router that counts its drops in <paramref name="drops"/>.</summary>
    /// <param name="drops">Where unrouted datagrams and listener failures are counted.</param>
    /// <param name="logger">Receives listener failures; none when null.</param>
    public DatagramRouter(CounterSet<DropReason> drops, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(drops);
        _drops = drops;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets a value indicating whether at least one general listener is registered.</summary>
    public bool HasGeneralListeners => _snapshot.General.Length > 0;

    /// <summary>Gets the number of distinct prefixes that have an entry.</summary>
    public int PrefixCount => _snapshot.Prefixes.Count;

    /// <summary>
    /// Adds a general listener: it receives every datagram whose prefix has no entry, and is appended to
    /// every existing prefix entry. Adding a listener twice delivers to it twice (as py-ipv8 does).
    /// </summary>
    public void AddListener(IDatagramListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            var old = _snapshot;
            var prefixes = new Dictionary<PrefixKey, IDatagramListener[]>(old.Prefixes.Count);
            foreach (var (key, listeners) in old.Prefixes)
            {
                prefixes[key] = Append(listeners, listener);
            }

            _snapshot = new Snapshot(Append(old.General, listener), prefixes);
        }
    }

    /// <summary>
    /// Adds a listener for datagrams that start with <paramref name="prefix"/>. When the prefix has no entry
    /// yet, the entry is created holding the current general listeners followed by <paramref name="listener"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is not 22 bytes long.</exception>
    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        if (prefix.Length != PrefixKey.Length)
        {
            throw new ArgumentException($"A prefix is {PrefixKey.Length} bytes long.", nameof(prefix));
        }

        var key = PrefixKey.From(prefix);
        lock (_gate)
        {
            var old = _snapshot;
            var prefixes = new Dictionary<PrefixKey, IDatagramListener[]>(old.Prefixes);
            var existing = prefixes.TryGetValue(key, out var listeners) ? listeners : old.General;
            prefixes[key] = Append(existing, listener);
            _snapshot = new Snapshot(old.General, prefixes);
        }
    }

    /// <summary>
    /// Removes every registration of <paramref name="listener"/> (general and under any prefix). A prefix
    /// entry that becomes empty is removed. Removing an unknown listener does nothing.
    /// </summary>
    public void RemoveListener(IDatagramListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            var old = _snapshot;
            var prefixes = new Dictionary<PrefixKey, IDatagramListener[]>(old.Prefixes.Count);
            foreach (var (key, listeners) in old.Prefixes)
            {
                var remaining = Without(listeners, listener);
                if (remaining.Length > 0)
                {
                    prefixes[key] = remaining;
                }
            }

            _snapshot = new Snapshot(Without(old.General, listener), prefixes);
        }
    }

    /// <summary>
    /// Delivers one datagram synchronously to the listeners chosen by its prefix. Never throws.
    /// </summary>
    /// <returns>The number of listeners the datagram was handed to (including ones that threw).</returns>
    public int Deliver(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        var snapshot = _snapshot;
        IDatagramListener[] targets;
        if (datagram.Length >= MinimumPrefixedLength
            && snapshot.Prefixes.Count > 0
            && snapshot.Prefixes.TryGetValue(PrefixKey.From(datagram), out var prefixed))
        {
            targets = prefixed;
        }
        else
        {
            targets = snapshot.General;
            if (targets.Length == 0)
            {
                _drops.Increment(datagram.Length < MinimumPrefixedLength ? DropReason.TooShort : DropReason.UnknownPrefix);
                return 0;
            }
        }

        for (var i = 0; i < targets.Length; i++)
        {
            try
            {
                targets[i].OnDatagram(source, datagram);
            }
            catch (Exception ex)
            {
                _drops.Increment(DropReason.ListenerFailed);
                EndpointLog.ListenerFailed(_logger, targets[i].GetType().Name, source, ex);
            }
        }

        return targets.Length;
    }

    private static IDatagramListener[] Append(IDatagramListener[] listeners, IDatagramListener listener)
    {
        var result = new IDatagramListener[listeners.Length + 1];
        listeners.CopyTo(result, 0);
        result[^1] = listener;
        return result;
    }

    private static IDatagramListener[] Without(IDatagramListener[] listeners, IDatagramListener listener)
    {
        var count = 0;
        foreach (var l in listeners)
        {
            if (!ReferenceEquals(l, listener))
            {
                count++;
            }
        }

        if (count == listeners.Length)
        {
            return listeners;
        }

        var result = new IDatagramListener[count];
        var j = 0;
        foreach (var l in listeners)
        {
            if (!ReferenceEquals(l, listener))
            {
                result[j++] = l;
            }
        }

        return result;
    }

    private sealed record Snapshot(IDatagramListener[] General, Dictionary<PrefixKey, IDatagramListener[]> Prefixes);
}
