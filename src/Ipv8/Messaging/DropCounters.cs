namespace Ipv8.Messaging;

/// <summary>Thread-safe counters of drops, one per <see cref="DropReason"/>.</summary>
public sealed class DropCounters
{
    private readonly long[] _counts = new long[Enum.GetValues<DropReason>().Length];

    /// <summary>Counts one drop for <paramref name="reason"/>.</summary>
    public void Count(DropReason reason) => Interlocked.Increment(ref _counts[(int)reason]);

    /// <summary>Gets the number of drops counted for <paramref name="reason"/>.</summary>
    public long this[DropReason reason] => Interlocked.Read(ref _counts[(int)reason]);

    /// <summary>Gets the total number of drops.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Interlocked.Read(ref _counts[i]);
            }

            return total;
        }
    }

    /// <summary>Returns a snapshot of the non-zero counters, by reason.</summary>
    public IReadOnlyDictionary<DropReason, long> Snapshot()
    {
        var result = new Dictionary<DropReason, long>();
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            var value = this[reason];
            if (value != 0)
            {
                result[reason] = value;
            }
        }

        return result;
    }
}
