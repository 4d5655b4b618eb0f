namespace Ipv8.Communities;

/// <summary>
/// The two ways the bounded trust tables make room: forget every stale entry, or forget the oldest one. Removing while
/// enumerating is safe for <see cref="Dictionary{TKey, TValue}"/> (since .NET Core 3.0), so neither allocates; pass
/// static lambdas (state goes through <c>state</c>) so no closure is allocated either.
/// </summary>
internal static class TableEviction
{
    /// <summary>Removes every entry that <paramref name="isStale"/> calls stale; returns how many were removed.</summary>
    public static int RemoveStale<TKey, TValue, TState>(Dictionary<TKey, TValue> entries, TState state, Func<TValue, TState, bool> isStale)
        where TKey : notnull
    {
        var removed = 0;
        foreach (var (key, value) in entries)
        {
            if (isStale(value, state))
            {
                entries.Remove(key);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>
    /// Removes the entry with the smallest <paramref name="age"/> (a start time or an expiry); entries whose age is
    /// <see cref="long.MaxValue"/> are never chosen. Returns false when nothing could be removed.
    /// </summary>
    public static bool RemoveOldest<TKey, TValue>(Dictionary<TKey, TValue> entries, Func<TValue, long> age)
        where TKey : notnull
    {
        var found = false;
        var victim = default(TKey);
        var oldest = long.MaxValue;
        foreach (var (key, value) in entries)
        {
            var candidate = age(value);
            if (candidate < oldest)
            {
                victim = key;
                oldest = candidate;
                found = true;
            }
        }

        return found && entries.Remove(victim!);
    }
}
