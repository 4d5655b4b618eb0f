using System.Text.Json;

namespace Ipv8.Rendezvous;

/// <summary>The counters of one <see cref="RendezvousCommunity"/>, by <see cref="RendezvousCounter"/>. Thread-safe.</summary>
internal sealed class RendezvousCounters
{
    private static readonly RendezvousCounter[] All = Enum.GetValues<RendezvousCounter>();
    private static readonly string[] Names = [.. All.Select(c => "rendezvous_" + JsonNamingPolicy.SnakeCaseLower.ConvertName(c.ToString()))];
    private readonly long[] _values = new long[All.Length];

    public long this[RendezvousCounter counter] => Interlocked.Read(ref _values[(int)counter]);

    public void Count(RendezvousCounter counter) => Interlocked.Increment(ref _values[(int)counter]);

    public void Add(RendezvousCounter counter, long amount) => Interlocked.Add(ref _values[(int)counter], amount);

    public Dictionary<string, long> Snapshot()
    {
        var result = new Dictionary<string, long>(All.Length + 3);
        for (var i = 0; i < All.Length; i++)
        {
            result[Names[i]] = Interlocked.Read(ref _values[i]);
        }

        return result;
    }
}
