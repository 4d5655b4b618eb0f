namespace Ipv8.Communities;

/// <summary>
/// A map from a byte key (a message id) to a value that stores only the keys set: a community registers about ten of the
/// 256 message ids, so this costs ~200 bytes where a 256-slot array of handlers cost 2 KB per community (thousands of
/// simulated peers each hold one). Lookup is a vectorized search of the few keys set.
/// </summary>
/// <remarks>
/// Keys are kept in the order they were first set. Each change publishes a new snapshot (keys and values together), so a
/// reader sees either the map before or after a change, never half of it; writers must not run concurrently (a community
/// changes its map under the network lock, in practice only while it is being built). Values set are never removed.
/// </remarks>
/// <typeparam name="TValue">The value.</typeparam>
internal sealed class SparseByteMap<TValue>
{
    private Snapshot _snapshot = Snapshot.Empty;

    /// <summary>Gets the number of keys set.</summary>
    public int Count => Volatile.Read(ref _snapshot).Keys.Length;

    /// <summary>Returns true with the value of <paramref name="key"/> when it was set; otherwise false and <c>default</c>.</summary>
    public bool TryGetValue(byte key, out TValue value)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        var index = snapshot.Keys.AsSpan().IndexOf(key);
        if (index < 0)
        {
            value = default!;
            return false;
        }

        value = snapshot.Values[index];
        return true;
    }

    /// <summary>Sets (adds or replaces) the value of <paramref name="key"/>.</summary>
    public void Set(byte key, TValue value)
    {
        var snapshot = _snapshot;
        var index = snapshot.Keys.AsSpan().IndexOf(key);
        var keys = index < 0 ? [.. snapshot.Keys, key] : snapshot.Keys;
        var values = index < 0 ? new TValue[snapshot.Values.Length + 1] : new TValue[snapshot.Values.Length];
        snapshot.Values.CopyTo(values, 0);
        values[index < 0 ? values.Length - 1 : index] = value;
        Volatile.Write(ref _snapshot, new Snapshot(keys, values));
    }

    private sealed record Snapshot(byte[] Keys, TValue[] Values)
    {
        public static readonly Snapshot Empty = new([], []);
    }
}
