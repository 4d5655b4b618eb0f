namespace Ipv8.Discovery;

/// <summary>Settings of a <see cref="WalkLoop"/>.</summary>
public sealed record WalkLoopOptions : IStrategyOptions
{
    /// <summary>Gets the time between two steps of one strategy (py-ipv8 <c>walker_interval</c>). Default 0.5 s; must be &gt; 0.</summary>
    public TimeSpan WalkerInterval { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// Gets a value indicating whether each registration gets a random phase offset within <see cref="WalkerInterval"/>, so many
    /// overlays (or many simulated hosts) do not all step in the same instant. Default true. When false, every registration
    /// first steps one interval after it is added (or after <see cref="WalkLoop.Start"/>).
    /// </summary>
    public bool SpreadSteps { get; init; } = true;

    /// <summary>
    /// Gets the seed of the random source for phase offsets; null picks a random seed. Simulations set it for reproducible runs.
    /// </summary>
    public int? Seed { get; init; }

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <inheritdoc/>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check() => new OptionChecks()
        .Positive(WalkerInterval, nameof(WalkerInterval), "walker_interval");
}
