using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Ipv8.Keys;

/// <summary>
/// A bounded, thread-safe cache of parsed public keys by their exact key-bin bytes, so the receive path does
/// not re-parse a known sender's key for every packet. Lookups take a span and do not allocate. When the
/// cache reaches its capacity it is cleared (cheap, and a flood of fresh keys costs no more than no cache).
/// Only keys up to <see cref="MaxCachedKeyLength"/> bytes are cached, so memory stays bounded.
/// </summary>
internal sealed class PublicKeyCache
{
    /// <summary>Longest key bin kept (EC keys on sect571 curves are about 170 bytes).</summary>
    internal const int MaxCachedKeyLength = 256;

    private readonly ConcurrentDictionary<byte[], PublicKey> _keys = new(ByteArrayComparer.Instance);
    private readonly ConcurrentDictionary<byte[], PublicKey>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly int _capacity;
    private int _count;

    /// <summary>Initializes an empty cache holding at most about <paramref name="capacity"/> keys.</summary>
    internal PublicKeyCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _lookup = _keys.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Gets the approximate number of cached keys.</summary>
    internal int Count => Volatile.Read(ref _count);

    /// <summary>Looks a key up by its exact bin bytes.</summary>
    internal bool TryGet(ReadOnlySpan<byte> keyBin, [NotNullWhen(true)] out PublicKey? key) => _lookup.TryGetValue(keyBin, out key);

    /// <summary>Remembers <paramref name="key"/> under <paramref name="keyBin"/> (no-op for long bins).</summary>
    internal void Add(ReadOnlySpan<byte> keyBin, PublicKey key)
    {
        if (keyBin.Length > MaxCachedKeyLength)
            return;
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            _keys.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        if (!_lookup.TryAdd(keyBin, key))
            Interlocked.Decrement(ref _count);
    }

    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        internal static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

        public int GetHashCode(byte[] obj) => GetHashCode(obj.AsSpan());

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = default(HashCode);
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
