using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Ipv8.Messaging;

/// <summary>
/// A fixed set of monotonic counters, one per member of <typeparamref name="TCounter"/> (drop reasons, trust events,
/// tracker events, ...): the one counter store behind every component's counters, readable as values
/// (<see cref="this[TCounter]"/>, <see cref="Snapshot"/>) and publishable as <see cref="System.Diagnostics.Metrics"/>
/// instruments (<see cref="Publish"/>) that read the same values.
/// </summary>
/// <remarks>
/// <para>Counting is one interlocked add on an array slot: no allocation, no lock, and no cost for instruments, which are
/// observable (a listener pulls the values when it collects). Thread-safe.</para>
/// <para>A member's name is its snake_case form (<c>RateLimitedPrefix</c> is <c>rate_limited_prefix</c>); the report's
/// counter names and the instrument names are that name after a component's prefix.</para>
/// </remarks>
/// <typeparam name="TCounter">An enum backed by <see cref="int"/> whose members are 0, 1, 2, ... in order.</typeparam>
public sealed class CounterSet<TCounter>
    where TCounter : struct, Enum
{
    private static readonly TCounter[] Members = Enum.GetValues<TCounter>();
    private static readonly string[] Names = [.. Members.Select(m => JsonNamingPolicy.SnakeCaseLower.ConvertName(m.ToString()))];
    private readonly long[] _values = new long[Members.Length];

    /// <summary>Creates a set of zeros.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="TCounter"/> is not backed by <see cref="int"/> or its members are not 0, 1, 2, ...</exception>
    public CounterSet()
    {
        if (Enum.GetUnderlyingType(typeof(TCounter)) != typeof(int) || Members.Where((m, i) => Index(m) != i).Any())
        {
            throw new NotSupportedException($"{typeof(TCounter).Name} must be an int enum numbered 0, 1, 2, ... to be a counter set.");
        }
    }

    /// <summary>Gets the current value of <paramref name="counter"/>.</summary>
    public long this[TCounter counter] => Interlocked.Read(ref _values[Index(counter)]);

    /// <summary>Gets the sum of all counters.</summary>
    public long Total
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _values.Length; i++)
            {
                total += Interlocked.Read(ref _values[i]);
            }

            return total;
        }
    }

    /// <summary>Returns the snake_case name of <paramref name="counter"/> (<c>RateLimitedPrefix</c> becomes <c>rate_limited_prefix</c>).</summary>
    public static string NameOf(TCounter counter) => Names[Index(counter)];

    /// <summary>Gets the value of the member numbered <paramref name="index"/>.</summary>
    internal long ReadAt(int index) => Interlocked.Read(ref _values[index]);

    /// <summary>Returns every member's snake_case name after <paramref name="prefix"/>, in member order.</summary>
    internal static string[] NamesWith(string prefix) => [.. Names.Select(n => prefix + n)];

    /// <summary>Adds one to <paramref name="counter"/>.</summary>
    public void Increment(TCounter counter) => Interlocked.Increment(ref _values[Index(counter)]);

    /// <summary>Adds <paramref name="amount"/> (not negative: counters only grow) to <paramref name="counter"/>.</summary>
    public void Add(TCounter counter, long amount) => Interlocked.Add(ref _values[Index(counter)], amount);

    /// <summary>Returns every counter (zeros included) by <paramref name="prefix"/> + its snake_case name, a new dictionary.</summary>
    public Dictionary<string, long> Snapshot(string prefix = "")
    {
        var result = new Dictionary<string, long>(_values.Length, StringComparer.Ordinal);
        for (var i = 0; i < _values.Length; i++)
        {
            result[prefix + Names[i]] = Interlocked.Read(ref _values[i]);
        }

        return result;
    }

    /// <summary>Returns the non-zero counters by member, a new dictionary.</summary>
    public Dictionary<TCounter, long> NonZero()
    {
        var result = new Dictionary<TCounter, long>();
        for (var i = 0; i < _values.Length; i++)
        {
            if (Interlocked.Read(ref _values[i]) is var value and not 0)
            {
                result[Members[i]] = value;
            }
        }

        return result;
    }

    /// <summary>
    /// Creates one <see cref="ObservableCounter{T}"/> per member on <paramref name="meter"/>, named <paramref name="prefix"/>
    /// + its snake_case name (the same name a report gives it), whose measurements are this set's values with
    /// <paramref name="tags"/> (which tell instances apart). Instruments live as long as the meter.
    /// </summary>
    public void Publish(Meter meter, string prefix, KeyValuePair<string, object?>[] tags)
    {
        ArgumentNullException.ThrowIfNull(meter);
        ArgumentNullException.ThrowIfNull(tags);
        for (var i = 0; i < _values.Length; i++)
        {
            var index = i;
            meter.CreateObservableCounter(prefix + Names[i], () => new Measurement<long>(Interlocked.Read(ref _values[index]), tags), unit: "{event}");
        }
    }

    private static int Index(TCounter counter) => Unsafe.As<TCounter, int>(ref counter);
}
