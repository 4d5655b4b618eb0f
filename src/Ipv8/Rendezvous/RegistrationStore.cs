using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Rendezvous;

/// <summary>
/// The registrations of a rendezvous point, bounded overall, per key and per /24 or /56 prefix
/// (<see cref="RendezvousOptions"/>); one registration per (key, namespace), a new one replacing the old. Not thread-safe
/// (used under the network lock).
/// </summary>
internal sealed class RegistrationStore(RendezvousOptions options)
{
    private readonly Dictionary<string, NamespaceEntries> _namespaces = new(StringComparer.Ordinal);
    private readonly Dictionary<byte[], int> _perKey = new(ByteArrayComparer.Instance);
    private readonly Dictionary<PrefixBucket, int> _perPrefix = [];
    private readonly SequencedIndex _all = new();
    private ulong _sequence;

    /// <summary>The outcome of <see cref="TryAdd"/>.</summary>
    public enum AddOutcome
    {
        Added,
        Replaced,
        KeyFull,
        PrefixFull,
        StoreFull,
    }

    public int Count { get; private set; }

    /// <summary>Gets the wire bytes of the stored records (the bulk of the memory a registration takes).</summary>
    public long RecordBytes { get; private set; }

    public int NamespaceCount => _namespaces.Count;

    /// <summary>Returns what <see cref="TryAdd"/> would refuse for (key, namespace, source), without adding; null when it would be accepted.</summary>
    public AddOutcome? CheckRoom(byte[] key, string ns, UdpAddress source)
    {
        if (_namespaces.TryGetValue(ns, out var entries) && entries.ByKey.ContainsKey(key))
        {
            return null;
        }

        if (_perKey.GetValueOrDefault(key) >= options.MaxRegistrationsPerKey)
        {
            return AddOutcome.KeyFull;
        }

        if (_perPrefix.GetValueOrDefault(PrefixBucket.Of(source)) >= options.MaxRegistrationsPerPrefix)
        {
            return AddOutcome.PrefixFull;
        }

        return Count >= options.MaxRegistrations ? AddOutcome.StoreFull : null;
    }

    /// <summary>Adds or replaces the registration of (key, record.Namespace); refuses when a bound would be passed.</summary>
    public AddOutcome TryAdd(byte[] key, SignedPeerRecord record, UdpAddress source, long expiresAtTicks)
    {
        if (CheckRoom(key, record.Namespace, source) is { } refused)
        {
            return refused;
        }

        var replaced = Remove(key, record.Namespace);
        if (!_namespaces.TryGetValue(record.Namespace, out var entries))
        {
            entries = new NamespaceEntries();
            _namespaces[record.Namespace] = entries;
        }

        var registration = new Registration(key, record, PrefixBucket.Of(source), expiresAtTicks, ++_sequence);
        entries.ByKey[key] = registration;
        entries.Order.Add(registration);
        _all.Add(registration);
        _perKey[key] = _perKey.GetValueOrDefault(key) + 1;
        _perPrefix[registration.Prefix] = _perPrefix.GetValueOrDefault(registration.Prefix) + 1;
        Count++;
        RecordBytes += registration.WireSize;
        return replaced ? AddOutcome.Replaced : AddOutcome.Added;
    }

    /// <summary>Removes the registration of (key, namespace); false when there was none.</summary>
    public bool Remove(byte[] key, string ns)
    {
        if (!_namespaces.TryGetValue(ns, out var entries) || !entries.ByKey.Remove(key, out var registration))
        {
            return false;
        }

        Forget(registration, entries);
        return true;
    }

    /// <summary>Removes every registration expired at <paramref name="nowTicks"/>; returns how many.</summary>
    public int Sweep(long nowTicks)
    {
        var expired = new List<(Registration Registration, NamespaceEntries Entries)>();
        foreach (var entries in _namespaces.Values)
        {
            foreach (var registration in entries.ByKey.Values)
            {
                if (registration.ExpiresAtTicks <= nowTicks)
                {
                    expired.Add((registration, entries));
                }
            }
        }

        foreach (var (registration, entries) in expired)
        {
            entries.ByKey.Remove(registration.Key);
            Forget(registration, entries);
        }

        return expired.Count;
    }

    /// <summary>Returns the index to page through: one namespace's, or all registrations' for an empty namespace; null when the namespace is unknown.</summary>
    public SequencedIndex? IndexOf(string ns)
        => ns.Length == 0 ? _all : _namespaces.TryGetValue(ns, out var entries) ? entries.Order : null;

    /// <summary>Returns the live registration of (key, namespace), or null.</summary>
    public Registration? Find(byte[] key, string ns)
        => _namespaces.TryGetValue(ns, out var entries) ? entries.ByKey.GetValueOrDefault(key) : null;

    private void Forget(Registration registration, NamespaceEntries entries)
    {
        registration.Removed = true;
        entries.Order.NoteRemoved();
        _all.NoteRemoved();
        Decrement(_perKey, registration.Key);
        Decrement(_perPrefix, registration.Prefix);
        Count--;
        RecordBytes -= registration.WireSize;
        if (entries.ByKey.Count == 0)
        {
            _namespaces.Remove(registration.Namespace);
        }
    }

    private static void Decrement<TKey>(Dictionary<TKey, int> counts, TKey key)
        where TKey : notnull
    {
        if (counts.TryGetValue(key, out var count) && count > 1)
        {
            counts[key] = count - 1;
        }
        else
        {
            counts.Remove(key);
        }
    }

    private sealed class NamespaceEntries
    {
        public Dictionary<byte[], Registration> ByKey { get; } = new(ByteArrayComparer.Instance);

        public SequencedIndex Order { get; } = new();
    }
}
