namespace Ipv8.Rendezvous;

/// <summary>Settings of a <see cref="DiscoveryManager"/>.</summary>
public sealed record DiscoveryManagerOptions
{
    /// <summary>Gets how often a query asks its interfaces again. Default 10 s; must be &gt; 0.</summary>
    public TimeSpan RequestInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets how soon a query that has found nobody yet asks again: after this, then twice as long each time, until
    /// <see cref="RequestInterval"/> (a newcomer that asked before the namespace's members registered finds them in
    /// seconds, while a point sees at most a handful of extra requests). Default 1 s; must be &gt; 0.
    /// </summary>
    public TimeSpan EmptyRetryInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the fraction of an advertisement's lifetime after which it is renewed. Default 0.5; must be in (0, 1).</summary>
    public double RenewAt { get; init; } = 0.5;

    /// <summary>
    /// Gets the longest wait before a failed advertisement is tried again: it is retried after
    /// <see cref="EmptyRetryInterval"/>, then twice as long each time, up to this. Default 30 s; must be &gt; 0.
    /// </summary>
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the most distinct peers one query keeps (further ones are ignored and counted). Default 1,000; must be ≥ 1.</summary>
    public int MaxPeersPerQuery { get; init; } = 1000;

    /// <summary>Returns every problem with these settings (empty when valid).</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate() => Check().Errors;

    /// <summary>Throws for the first problem <see cref="Validate"/> would report.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void ThrowIfInvalid() => Check().ThrowIfAny();

    private OptionChecks Check() => new OptionChecks()
        .Positive(RequestInterval, nameof(RequestInterval), "request_interval")
        .Positive(EmptyRetryInterval, nameof(EmptyRetryInterval), "empty_retry_interval")
        .Require(RenewAt is > 0 and < 1, RenewAt, nameof(RenewAt), "renew_at", "must be between 0 and 1 (exclusive)")
        .Positive(RetryInterval, nameof(RetryInterval), "retry_interval")
        .AtLeast(MaxPeersPerQuery, 1, nameof(MaxPeersPerQuery), "max_peers_per_query");
}
