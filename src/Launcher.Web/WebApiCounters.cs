using Ipv8.Messaging;

namespace Launcher.Web;

/// <summary>The API's own counters: refused requests by reason, and requests served. Thread-safe; one set per <see cref="ApiServer"/>.</summary>
public sealed class WebApiCounters
{
    private long _served;

    /// <summary>Gets the refused requests by reason.</summary>
    public CounterSet<WebApiRejection> Rejections { get; } = new();

    /// <summary>Gets the number of requests answered with a status below 400.</summary>
    public long Served => Interlocked.Read(ref _served);

    /// <summary>Returns every counter by snake_case name (<c>rejected_missing_api_key</c>, ..., <c>served</c>).</summary>
    /// <returns>A new dictionary.</returns>
    public IReadOnlyDictionary<string, long> ToFlatDictionary()
    {
        var result = Rejections.Snapshot("rejected_");
        result["served"] = Served;
        return result;
    }

    /// <summary>Counts a request answered with a status below 400.</summary>
    internal void CountServed() => Interlocked.Increment(ref _served);
}
