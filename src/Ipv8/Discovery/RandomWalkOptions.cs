namespace Ipv8.Discovery;

/// <summary>Settings of <see cref="RandomWalk"/> (py-ipv8 <c>RandomWalk(overlay, timeout, window_size, reset_chance, target_interval)</c>).</summary>
public sealed record RandomWalkOptions : IStrategyOptions
{
    /// <summary>Gets how long a walked-to address may stay unanswered before it is forgotten (py-ipv8 <c>timeout</c>). Default 3 s; must be &gt; 0.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Gets the most walks outstanding at once (py-ipv8 <c>window_size</c>); 0 means unlimited. Default 5; must be ≥ 0.</summary>
    public int WindowSize { get; init; } = 5;

    /// <summary>
    /// Gets the chance, out of 256, that a step asks a known peer or the bootstrappers for an introduction instead of walking
    /// to a known address (py-ipv8 <c>reset_chance</c>). Default 50; must be in [0, 256].
    /// </summary>
    public int ResetChance { get; init; } = 50;

    /// <summary>Gets the least time between two steps (py-ipv8 <c>target_interval</c>); 0 means every tick. Default 0; must be ≥ 0.</summary>
    public TimeSpan TargetInterval { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Gets how many walks a step allows, until the next step, to addresses a peer has just introduced that the network did
    /// not know (our addition, not in py-ipv8): each such walk leaves at once instead of at a later step, so a newcomer
    /// follows a chain of introductions in round trips rather than in walker intervals. Only after a step, so only while
    /// the walk loop steps this strategy (under its target peer count) and the overlay is below <c>max_peers</c>; never
    /// to an address already walked to within <see cref="Timeout"/>; these walks count as outstanding but not against
    /// <see cref="WindowSize"/>. At most this many extra introduction-requests per walker interval, each to a distinct
    /// address, and none once the target is reached. Default 4; 0 walks only at steps (py-ipv8's behaviour); must be in [0, 64].
    /// </summary>
    public int EagerWalks { get; init; } = 4;

    /// <summary>
    /// Gets the most introduction-requests in a row a step sends to one peer in an introduction run (our addition, not in
    /// py-ipv8): where py-ipv8 asks a random peer, a step asks the peer the previous step asked while it keeps naming peers
    /// it has not named in this run; responders that rotate their introductions per requester (ours) then name all their
    /// peers in that many steps. Still one request per step (at most one per walker interval to any peer); once a run went
    /// round naming only known peers (at steady state), the walk returns to py-ipv8's random choice until the overlay's peer
    /// count changes. Default 16; 0
    /// asks a random peer at every such step (py-ipv8's behaviour); must be in [0, 64].
    /// </summary>
    public int IntroductionRun { get; init; } = 16;

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <inheritdoc/>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check() => new OptionChecks()
        .Positive(Timeout, nameof(Timeout), "timeout")
        .AtLeast(WindowSize, 0, nameof(WindowSize), "window_size")
        .InRange(ResetChance, 0, 256, nameof(ResetChance), "reset_chance")
        .NotNegative(TargetInterval, nameof(TargetInterval), "target_interval")
        .InRange(EagerWalks, 0, 64, nameof(EagerWalks), "eager_walks")
        .InRange(IntroductionRun, 0, 64, nameof(IntroductionRun), "introduction_run");
}
