namespace Ipv8.Discovery;

/// <summary>Settings of <see cref="EdgeWalk"/> (py-ipv8 <c>EdgeWalk(overlay, edge_length, neighborhood_size, edge_timeout)</c>).</summary>
public sealed record EdgeWalkOptions : IStrategyOptions
{
    /// <summary>Gets the number of peers in a complete edge, root included (py-ipv8 <c>edge_length</c>). Default 4; must be ≥ 2.</summary>
    public int EdgeLength { get; init; } = 4;

    /// <summary>Gets the number of direct neighbours used as edge roots (py-ipv8 <c>neighborhood_size</c>). Default 6; must be ≥ 1.</summary>
    public int NeighborhoodSize { get; init; } = 6;

    /// <summary>Gets how long an edge may go without progress before it is finished (py-ipv8 <c>edge_timeout</c>). Default 3 s; must be &gt; 0.</summary>
    public TimeSpan EdgeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Gets how many completed edges are kept for inspection (py-ipv8 keeps all, unbounded; the oldest are dropped here).
    /// Default 64; must be ≥ 0.
    /// </summary>
    public int MaxCompleteEdges { get; init; } = 64;

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <inheritdoc/>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check() => new OptionChecks()
        .AtLeast(EdgeLength, 2, nameof(EdgeLength), "edge_length")
        .AtLeast(NeighborhoodSize, 1, nameof(NeighborhoodSize), "neighborhood_size")
        .Positive(EdgeTimeout, nameof(EdgeTimeout), "edge_timeout")
        .AtLeast(MaxCompleteEdges, 0, nameof(MaxCompleteEdges), "max_complete_edges");
}
