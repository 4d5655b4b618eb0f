namespace Launcher.Benchmarks.Swarm;

/// <summary>What one <c>swarm-node</c> run measured (JSON between the child and <see cref="SwarmBenchmark"/>).</summary>
internal sealed class SwarmNodeResult
{
    public int Instances { get; init; }

    /// <summary>Gets the seconds from the node's start until every instance had started.</summary>
    public double StartSeconds { get; init; }

    /// <summary>Gets, per instance, the seconds from its start to k verified peers (index k-1), null when never reached.</summary>
    public IReadOnlyList<double?[]> TimeToK { get; init; } = [];

    public IReadOnlyList<int> PeerCountsAtEnd { get; init; } = [];

    public double WindowSeconds { get; init; }

    /// <summary>Gets the introduction-requests sent per (our instance, destination) pair in the window (tracker excluded).</summary>
    public IReadOnlyList<int> RequestsPerPair { get; init; } = [];

    /// <summary>Gets the introduction-requests each instance sent in the window (tracker excluded).</summary>
    public IReadOnlyList<int> RequestsPerSender { get; init; } = [];

    public long RssKb { get; init; }

    public long ManagedHeapKb { get; init; }

    /// <summary>Gets the tracker's non-zero counters at the end (drops by reason, events).</summary>
    public IReadOnlyDictionary<string, long> TrackerCounters { get; init; } = new Dictionary<string, long>();

    /// <summary>Gets the trace's explanation of the slowest instances (<c>--trace K</c>; empty otherwise).</summary>
    public IReadOnlyList<string> Trace { get; init; } = [];
}
