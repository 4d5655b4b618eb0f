using Ipv8.Peers;

namespace Ipv8.Discovery;

/// <summary>
/// A depth-first crawler (py-ipv8 <c>EdgeWalk</c>, spec 8.3): first gathers a neighbourhood of
/// <see cref="EdgeWalkOptions.NeighborhoodSize"/> peers, then grows one edge per neighbour by following introductions,
/// up to <see cref="EdgeWalkOptions.EdgeLength"/> peers, and starts over from the neighbourhood.
/// </summary>
/// <remarks>
/// Each step either (a) refreshes the neighbourhood, bootstraps and walks to the first walkable addresses, (b) starts an edge
/// at a random free root by asking it for an introduction, or (c) for every edge under construction, walks to the
/// unverified addresses its last peer introduced and extends the edge with a random verified one, finishing edges that
/// reached their length or made no progress for <see cref="EdgeWalkOptions.EdgeTimeout"/>. Unlike py-ipv8, only the last
/// <see cref="EdgeWalkOptions.MaxCompleteEdges"/> completed edges are kept. Call <see cref="TakeStep"/> under the network lock.
/// </remarks>
[ComponentOptions(typeof(EdgeWalkOptions))]
public sealed class EdgeWalk : IDiscoveryStrategy
{
    private readonly IDiscoveryOverlay _overlay;
    private readonly List<Peer> _neighborhood = [];
    private readonly Dictionary<Peer, Edge> _underConstruction = [];
    private readonly Queue<IReadOnlyList<Peer>> _completeEdges = new();
    private readonly List<Peer> _scratchRoots = [];
    private readonly List<Peer> _scratchCandidates = [];

    /// <summary>Creates the strategy for <paramref name="overlay"/>.</summary>
    /// <param name="overlay">The overlay to crawl.</param>
    /// <param name="options">The settings (py-ipv8 defaults: <c>new EdgeWalkOptions()</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public EdgeWalk(IDiscoveryOverlay overlay, EdgeWalkOptions options)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _overlay = overlay;
        Options = options;
    }

    /// <summary>Gets the settings.</summary>
    public EdgeWalkOptions Options { get; }

    /// <summary>Gets the current neighbourhood (the edge roots).</summary>
    public IReadOnlyList<Peer> Neighborhood => _neighborhood;

    /// <summary>Gets the number of edges under construction.</summary>
    public int EdgesUnderConstruction => _underConstruction.Count;

    /// <summary>Returns the completed edges, oldest first (a new list of immutable edges, root first).</summary>
    public IReadOnlyList<IReadOnlyList<Peer>> GetCompleteEdges() => [.. _completeEdges];

    /// <summary>Returns the edge under construction from <paramref name="root"/> (a new list, root first), or null.</summary>
    public IReadOnlyList<Peer>? GetEdgeUnderConstruction(Peer root)
        => root is not null && _underConstruction.TryGetValue(root, out var edge) ? [.. edge.Peers] : null;

    /// <inheritdoc/>
    public void TakeStep()
    {
        if (_neighborhood.Count == 0 || _neighborhood.Count < Options.NeighborhoodSize)
        {
            GatherNeighborhood();
            return;
        }

        var now = _overlay.TimeProvider.GetUtcNow();
        _scratchRoots.Clear();
        foreach (var peer in _neighborhood)
        {
            if (!_underConstruction.ContainsKey(peer))
            {
                _scratchRoots.Add(peer);
            }
        }

        if (_scratchRoots.Count > 0)
        {
            var root = _scratchRoots[_overlay.Random.Next(_scratchRoots.Count)];
            _scratchRoots.Clear();
            var edge = new Edge(root, now);
            _underConstruction[root] = edge;
            _overlay.GetNewIntroduction(root);
            return;
        }

        GrowEdges(now);
    }

    private void GatherNeighborhood()
    {
        _neighborhood.Clear();
        var peers = _overlay.GetPeers();
        for (var i = 0; i < peers.Count && i < Options.NeighborhoodSize; i++)
        {
            _neighborhood.Add(peers[i]);
        }

        _overlay.Bootstrap();
        var walkable = _overlay.GetWalkableAddresses();
        for (var i = 0; i < walkable.Count && i < Options.NeighborhoodSize; i++)
        {
            _overlay.WalkTo(walkable[i]);
        }
    }

    private void GrowEdges(DateTimeOffset now)
    {
        var network = _overlay.Network;
        _scratchRoots.Clear();
        foreach (var (root, edge) in _underConstruction)
        {
            _scratchCandidates.Clear();
            var introductions = network.GetIntroductionsFrom(edge.Peers[^1]);
            for (var i = 0; i < introductions.Count; i++)
            {
                if (network.GetVerifiedByAddress(introductions[i]) is { } verified)
                {
                    _scratchCandidates.Add(verified);
                }
                else
                {
                    _overlay.WalkTo(introductions[i]);
                }
            }

            if (_scratchCandidates.Count > 0)
            {
                edge.LastProgress = now;
                var next = _scratchCandidates[_overlay.Random.Next(_scratchCandidates.Count)];
                edge.Peers.Add(next);
                if (edge.Peers.Count >= Options.EdgeLength)
                {
                    Complete(edge);
                    _scratchRoots.Add(root);
                }
                else
                {
                    _overlay.WalkTo(next.Address);
                }
            }
            else if (edge.LastProgress + Options.EdgeTimeout < now)
            {
                if (edge.Peers.Count > 1)
                {
                    Complete(edge);
                }

                _scratchRoots.Add(root);
            }
        }

        foreach (var root in _scratchRoots)
        {
            _underConstruction.Remove(root);
        }

        _scratchRoots.Clear();
        _scratchCandidates.Clear();
    }

    private void Complete(Edge edge)
    {
        if (Options.MaxCompleteEdges == 0)
        {
            return;
        }

        while (_completeEdges.Count >= Options.MaxCompleteEdges)
        {
            _completeEdges.Dequeue();
        }

        _completeEdges.Enqueue(edge.Peers.ToArray());
    }

    private sealed class Edge(Peer root, DateTimeOffset started)
    {
        public List<Peer> Peers { get; } = [root];

        public DateTimeOffset LastProgress { get; set; } = started;
    }
}
