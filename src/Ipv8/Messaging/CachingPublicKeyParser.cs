using System.Diagnostics.CodeAnalysis;
using Ipv8.Keys;

namespace Ipv8.Messaging;

/// <summary>
/// A bounded cache in front of a <see cref="PublicKeyParser"/>, so that the receive path does not allocate a
/// new <see cref="PublicKey"/> (and hash its mid) for every datagram from a known sender. Thread-safe.
/// </summary>
/// <remarks>
/// Only successfully parsed keys are cached. When the cache holds <see cref="Capacity"/> keys it is emptied
/// before the next insertion (cheap, bounded, and fair under a flood of distinct keys).
/// </remarks>
public sealed class CachingPublicKeyParser
{
    /// <summary>The default number of cached keys.</summary>
    public const int DefaultCapacity = 4096;

    private readonly PublicKeyParser _inner;
    private readonly Dictionary<byte[], PublicKey> _keys;
    private readonly Dictionary<byte[], PublicKey>.AlternateLookup<ReadOnlySpan<byte>> _lookup;
    private readonly Lock _lock = new();

    /// <summary>Initializes a cache of at most <paramref name="capacity"/> keys in front of <paramref name="inner"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public CachingPublicKeyParser(PublicKeyParser inner, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _inner = inner;
        Capacity = capacity;
        _keys = new Dictionary<byte[], PublicKey>(KeyBinComparer.Instance);
        _lookup = _keys.GetAlternateLookup<ReadOnlySpan<byte>>();
    }

    /// <summary>Gets the maximum number of cached keys.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of cached keys.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _keys.Count;
            }
        }
    }

    /// <summary>Parses (or finds) the key; matches <see cref="PublicKeyParser"/>. Never throws for malformed input.</summary>
    public bool TryParse(ReadOnlySpan<byte> keyBin, [NotNullWhen(true)] out PublicKey? key)
    {
        lock (_lock)
        {
            if (_lookup.TryGetValue(keyBin, out key))
            {
                return true;
            }
        }

        if (!_inner(keyBin, out key))
        {
            return false;
        }

        lock (_lock)
        {
            if (_keys.Count >= Capacity)
            {
                _keys.Clear();
            }

            _lookup[keyBin] = key;
        }

        return true;
    }

    private sealed class KeyBinComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static readonly KeyBinComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => Hash(obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

        private static int Hash(ReadOnlySpan<byte> bytes)
        {
            var hash = new HashCode();
            hash.AddBytes(bytes);
            return hash.ToHashCode();
        }
    }
}
