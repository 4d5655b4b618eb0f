using System.Collections.Concurrent;
using System.Globalization;
using Ipv8.Messaging;

namespace Launcher.Benchmarks.Swarm;

/// <summary>
/// A per-run trace of one <c>swarm-node</c> run (<c>--trace K</c>): every introduction-request and -response our instances
/// send, every address introduced to an instance that its network did not know, and every peer added, with the time since
/// the node's start. <see cref="Explain"/> turns it into a few lines per slow instance: which peer it waited for last,
/// when either side first heard of the other, and who walked to whom.
/// </summary>
internal sealed class SwarmTrace
{
    private const int MessageIdOffset = 22;
    private readonly ConcurrentQueue<Event> _events = new();
    private readonly System.Diagnostics.Stopwatch _clock;

    public SwarmTrace(System.Diagnostics.Stopwatch clock) => _clock = clock;

    private enum Kind
    {
        Request,
        Response,
        Introduced,
        Added,
    }

    /// <summary>Records <paramref name="datagram"/> when it is an introduction-request or -response.</summary>
    public void Sent(UdpAddress from, UdpAddress to, ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length <= MessageIdOffset)
        {
            return;
        }

        var id = datagram[MessageIdOffset];
        if (id is MessageIds.IntroductionRequest or MessageIds.NewIntroductionRequest)
        {
            _events.Enqueue(new Event(_clock.Elapsed.TotalSeconds, Kind.Request, from, to));
        }
        else if (id is MessageIds.IntroductionResponse or MessageIds.NewIntroductionResponse)
        {
            _events.Enqueue(new Event(_clock.Elapsed.TotalSeconds, Kind.Response, from, to));
        }
    }

    /// <summary>Records that <paramref name="address"/> was introduced to the instance at <paramref name="self"/> (new to its network).</summary>
    public void Introduced(UdpAddress self, UdpAddress address) => _events.Enqueue(new Event(_clock.Elapsed.TotalSeconds, Kind.Introduced, self, address));

    /// <summary>Records that the instance at <paramref name="self"/> verified the peer at <paramref name="peer"/>.</summary>
    public void Added(UdpAddress self, UdpAddress peer) => _events.Enqueue(new Event(_clock.Elapsed.TotalSeconds, Kind.Added, self, peer));

    /// <summary>
    /// Explains the <paramref name="slowest"/> instances that took longest to <paramref name="target"/> peers (unreached
    /// first), and adds one summary line over all instances: how the last peer was reached.
    /// </summary>
    /// <param name="addresses">Each instance's address, by instance index.</param>
    /// <param name="startedAt">Each instance's start (seconds since the node's start), by instance index.</param>
    /// <param name="tracker">The tracker's address (named T).</param>
    /// <param name="target">The peer count that counts (min(N-1, 10)).</param>
    /// <param name="slowest">How many instances to explain.</param>
    public IReadOnlyList<string> Explain(IReadOnlyList<UdpAddress> addresses, IReadOnlyList<double> startedAt, UdpAddress tracker, int target, int slowest)
    {
        var index = new Dictionary<UdpAddress, int>();
        for (var i = 0; i < addresses.Count; i++)
        {
            index[addresses[i]] = i;
        }

        string Name(UdpAddress a) => a == tracker ? "T" : index.TryGetValue(a, out var i) ? i.ToString(CultureInfo.InvariantCulture) : a.ToString();

        var events = _events.OrderBy(e => e.Time).ToArray();
        var lines = new List<string>();
        var reached = new List<(int Instance, double Time, int Last)>();
        for (var i = 0; i < addresses.Count; i++)
        {
            var count = 0;
            var added = new HashSet<UdpAddress>();
            foreach (var e in events)
            {
                if (e.Kind == Kind.Added && e.From == addresses[i] && added.Add(e.To) && ++count == target)
                {
                    reached.Add((i, e.Time - startedAt[i], index.GetValueOrDefault(e.To, -1)));
                    break;
                }
            }

            if (count < target)
            {
                reached.Add((i, double.PositiveInfinity, -1));
            }
        }

        // How the last peer was reached, over all instances that reached the target.
        int byOurWalk = 0, byTheirWalk = 0;
        var heardToJoin = new List<double>();
        var previousToLast = new List<double>();
        foreach (var (i, time, last) in reached.Where(r => r.Last >= 0))
        {
            var pair = Pair(events, addresses[i], addresses[last]);
            if (pair.FirstRequestByUs <= pair.FirstRequestByThem)
            {
                byOurWalk++;
            }
            else
            {
                byTheirWalk++;
            }

            var heard = Math.Min(pair.IntroducedToUs, pair.IntroducedToThem);
            if (double.IsFinite(heard))
            {
                heardToJoin.Add(pair.AddedByUs - heard);
            }

            previousToLast.Add(time - SecondLast(events, addresses[i], target, startedAt[i]));
        }

        // The start: from each instance's start to its first request to the tracker, first address introduced, first peer.
        var firstToTracker = new List<double>();
        var firstIntroduced = new List<double>();
        var firstAdded = new List<double>();
        for (var i = 0; i < addresses.Count; i++)
        {
            var self = addresses[i];
            firstToTracker.Add(events.FirstOrDefault(e => e.Kind == Kind.Request && e.From == self && e.To == tracker, new Event(double.PositiveInfinity, Kind.Request, self, tracker)).Time - startedAt[i]);
            firstIntroduced.Add(events.FirstOrDefault(e => e.Kind == Kind.Introduced && e.From == self, new Event(double.PositiveInfinity, Kind.Introduced, self, self)).Time - startedAt[i]);
            firstAdded.Add(events.FirstOrDefault(e => e.Kind == Kind.Added && e.From == self, new Event(double.PositiveInfinity, Kind.Added, self, self)).Time - startedAt[i]);
        }

        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"trace: from an instance's start, p50/max: first request to T {Median(firstToTracker):F2}/{firstToTracker.Max():F2} s, first address introduced {Median(firstIntroduced):F2}/{firstIntroduced.Max():F2} s, first peer {Median(firstAdded):F2}/{firstAdded.Max():F2} s"));
        lines.Add(string.Create(CultureInfo.InvariantCulture,
            $"trace: last peer reached by our walk {byOurWalk}, by theirs {byTheirWalk}; first introduction (either side) to join p50 {Median(heardToJoin):F2} s; wait from peer k-1 to k p50 {Median(previousToLast):F2} s, max {(previousToLast.Count > 0 ? previousToLast.Max() : double.NaN):F2} s"));

        foreach (var (i, time, last) in reached.OrderByDescending(r => r.Time).Take(slowest))
        {
            var self = addresses[i];
            var sent = events.Where(e => e.Kind == Kind.Request && e.From == self).ToArray();
            var fresh = events.Count(e => e.Kind == Kind.Introduced && e.From == self && index.ContainsKey(e.To));
            var line = string.Create(CultureInfo.InvariantCulture,
                $"trace: instance {i} started {startedAt[i]:F2} s, {target} peers after {time:F2} s; sent {sent.Length} intro-requests ({sent.Count(e => e.To == tracker)} to T) to {sent.Select(e => e.To).Distinct().Count()} destinations; {fresh} addresses introduced new");
            lines.Add(line);
            if (last >= 0)
            {
                var pair = Pair(events, self, addresses[last]);
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"trace:   last peer {last}: introduced to us at {Rel(pair.IntroducedToUs, startedAt[i])}, we to them at {Rel(pair.IntroducedToThem, startedAt[i])}; first request us->them {Rel(pair.FirstRequestByUs, startedAt[i])}, them->us {Rel(pair.FirstRequestByThem, startedAt[i])}; joined {Rel(pair.AddedByUs, startedAt[i])}; k-1 at {Rel(SecondLast(events, self, target, startedAt[i]) + startedAt[i], startedAt[i])}"));
            }

            // The requests it sent while it waited for the last peer: to whom (instance index or T).
            var from = SecondLast(events, self, target, startedAt[i]) + startedAt[i];
            var waiting = sent.Where(e => e.Time >= from && e.Time <= startedAt[i] + time).Select(e => Name(e.To)).ToArray();
            lines.Add($"trace:   requests while waiting for it ({waiting.Length}): {string.Join(' ', waiting)}");
        }

        return lines;
    }

    private static string Rel(double time, double start) => double.IsFinite(time) ? (time - start).ToString("F2", CultureInfo.InvariantCulture) : "never";

    private static double Median(List<double> values) => values.Count == 0 ? double.NaN : values.Order().ElementAt(values.Count / 2);

    /// <summary>The time (relative to the instance's start) it reached target − 1 peers.</summary>
    private static double SecondLast(Event[] events, UdpAddress self, int target, double start)
    {
        var count = 0;
        var added = new HashSet<UdpAddress>();
        foreach (var e in events)
        {
            if (e.Kind == Kind.Added && e.From == self && added.Add(e.To) && ++count == target - 1)
            {
                return e.Time - start;
            }
        }

        return double.NaN;
    }

    private static PairTimes Pair(Event[] events, UdpAddress us, UdpAddress them)
    {
        double First(Kind kind, UdpAddress from, UdpAddress to)
        {
            foreach (var e in events)
            {
                if (e.Kind == kind && e.From == from && e.To == to)
                {
                    return e.Time;
                }
            }

            return double.PositiveInfinity;
        }

        return new PairTimes(
            First(Kind.Introduced, us, them), First(Kind.Introduced, them, us), First(Kind.Request, us, them), First(Kind.Request, them, us), First(Kind.Added, us, them));
    }

    private readonly record struct Event(double Time, Kind Kind, UdpAddress From, UdpAddress To);

    private readonly record struct PairTimes(double IntroducedToUs, double IntroducedToThem, double FirstRequestByUs, double FirstRequestByThem, double AddedByUs);
}
