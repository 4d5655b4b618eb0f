namespace Ipv8.Discovery;

/// <summary>
/// Settings of <see cref="RandomChurn"/> (py-ipv8 <c>RandomChurn(overlay, sample_size, ping_interval, inactive_time, drop_time)</c>).
/// </summary>
public sealed record RandomChurnOptions : IStrategyOptions
{
    /// <summary>Gets the number of verified peers checked per step (py-ipv8 <c>sample_size</c>). Default 8; must be ≥ 1.</summary>
    public int SampleSize { get; init; } = 8;

    /// <summary>Gets the least time between two pings to one address (py-ipv8 <c>ping_interval</c>). Default 10 s; must be &gt; 0.</summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets the silence after which a peer is pinged (py-ipv8 <c>inactive_time</c>). Default 27.5 s; must be &gt; 0.</summary>
    public TimeSpan InactiveTime { get; init; } = TimeSpan.FromSeconds(27.5);

    /// <summary>Gets the silence after which a pinged peer is removed (py-ipv8 <c>drop_time</c>). Default 57.5 s; must be ≥ <see cref="InactiveTime"/>.</summary>
    public TimeSpan DropTime { get; init; } = TimeSpan.FromSeconds(57.5);

    /// <inheritdoc/>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <inheritdoc/>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check() => new OptionChecks()
        .AtLeast(SampleSize, 1, nameof(SampleSize), "sample_size")
        .Positive(PingInterval, nameof(PingInterval), "ping_interval")
        .Positive(InactiveTime, nameof(InactiveTime), "inactive_time")
        .Require(DropTime >= InactiveTime && DropTime > TimeSpan.Zero, DropTime, nameof(DropTime), "drop_time", "must be greater than 0 and at least inactive_time");
}
