using System.Collections.Concurrent;
using Ipv8.Messaging;

namespace Launcher.Benchmarks.Swarm;

/// <summary>
/// Counts the introduction-requests (message ids 246 and 250, walks and challenges alike) each of our instances sends to
/// each destination while <see cref="IsCounting"/> is set: what a peer receives from one of ours.
/// </summary>
internal sealed class IntroductionRequestCounter
{
    private const int MessageIdOffset = 22;
    private readonly ConcurrentDictionary<(UdpAddress From, UdpAddress To), int> _sent = new();
    private volatile bool _counting;

    /// <summary>Gets or sets a value indicating whether sends are counted.</summary>
    public bool IsCounting
    {
        get => _counting;
        set => _counting = value;
    }

    /// <summary>Counts <paramref name="datagram"/> when it is an introduction-request and counting is on.</summary>
    public void Observe(UdpAddress from, UdpAddress to, ReadOnlySpan<byte> datagram)
    {
        if (!_counting || datagram.Length <= MessageIdOffset)
        {
            return;
        }

        var id = datagram[MessageIdOffset];
        if (id is MessageIds.IntroductionRequest or MessageIds.NewIntroductionRequest)
        {
            _sent.AddOrUpdate((from, to), 1, static (_, count) => count + 1);
        }
    }

    /// <summary>Returns the counts per (sender, destination) pair, leaving out destinations in <paramref name="excluded"/>.</summary>
    public IReadOnlyList<int> CountsPerPair(IReadOnlySet<UdpAddress> excluded) =>
        [.. _sent.Where(p => !excluded.Contains(p.Key.To)).Select(p => p.Value)];

    /// <summary>Returns the number of requests sent by each sender (all destinations but <paramref name="excluded"/>).</summary>
    public IReadOnlyList<int> CountsPerSender(IReadOnlySet<UdpAddress> excluded) =>
        [.. _sent.Where(p => !excluded.Contains(p.Key.To)).GroupBy(p => p.Key.From).Select(g => g.Sum(p => p.Value))];
}
