namespace Ipv8.Discovery;

/// <summary>Settings of <see cref="PeriodicSimilarity"/> (py-ipv8 hard-codes the interval).</summary>
public sealed record PeriodicSimilarityOptions : IStrategyOptions
{
    /// <summary>Gets the least time between two similarity requests. Default 1 s (py-ipv8's constant); must be ≥ 0.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <inheritdoc/>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check() => new OptionChecks()
        .NotNegative(Interval, nameof(Interval), "interval");
}
