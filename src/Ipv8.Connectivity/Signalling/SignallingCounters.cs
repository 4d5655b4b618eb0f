using System.Text;

namespace Ipv8.Connectivity.Signalling;

/// <summary>Thread-safe counters of <see cref="SignallingCommunity"/>, one per <see cref="SignallingCounter"/>.</summary>
internal sealed class SignallingCounters
{
    private static readonly string[] Names = Enum.GetValues<SignallingCounter>().Select(c => "signalling_" + SnakeCase(c.ToString())).ToArray();
    private readonly long[] _values = new long[Names.Length];

    public long this[SignallingCounter counter] => Interlocked.Read(ref _values[(int)counter]);

    public void Count(SignallingCounter counter) => Interlocked.Increment(ref _values[(int)counter]);

    public Dictionary<string, long> Snapshot()
    {
        var result = new Dictionary<string, long>(Names.Length, StringComparer.Ordinal);
        for (var i = 0; i < Names.Length; i++)
            result[Names[i]] = Interlocked.Read(ref _values[i]);
        return result;
    }

    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && builder.Length > 0)
                builder.Append('_');
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
