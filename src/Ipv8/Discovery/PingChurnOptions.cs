namespace Ipv8.Discovery;

/// <summary>Settings of <see cref="PingChurn"/> (py-ipv8 <c>PingChurn(overlay, ping_interval)</c>, plus the drop time of this subset).</summary>
public sealed record PingChurnOptions : IStrategyOptions
{
    /// <summary>Gets the least time between two pings to one peer (py-ipv8 <c>ping_interval</c>). Default 25 s; must be &gt; 0.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// Gets how long a pinged peer may stay silent before it is removed (not a py-ipv8 setting; the value of
    /// <see cref="RandomChurnOptions.DropTime"/>). Default 57.5 s; must be greater than <see cref="PingInterval"/>.
    /// </summary>
    public TimeSpan DropTime { get; init; } = TimeSpan.FromSeconds(57.5);

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <inheritdoc/>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check() => new OptionChecks()
        .Positive(PingInterval, nameof(PingInterval), "ping_interval")
        .Require(DropTime > PingInterval, DropTime, nameof(DropTime), "drop_time", "must be greater than ping_interval");
}
