namespace Ipv8.Connectivity.Signalling;

/// <summary>Limits and timing of <see cref="SignallingCommunity"/>.</summary>
public sealed class SignallingOptions
{
    /// <summary>Gets how long a request sent straight to a verified peer waits for its reply before introducers are also asked to relay it. Default 500 ms.</summary>
    public TimeSpan DirectGrace { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets how many introducers (verified peers other than the target) are asked to relay one request. Default 3.</summary>
    public int MaxRelays { get; init; } = 3;

    /// <summary>Gets the most of our requests in flight at once; more fail at once. Default 64.</summary>
    public int MaxPending { get; init; } = 64;

    /// <summary>Gets the sustained rate of requests (direct, relayed or to relay) accepted per source address, per second. Default 5.</summary>
    public double RequestsPerSecond { get; init; } = 5;

    /// <summary>Gets the burst of requests accepted per source address above the sustained rate. Default 10.</summary>
    public double RequestBurst { get; init; } = 10;

    /// <summary>Gets how long the local handler may take to answer a request before it is cancelled. Default 10 s.</summary>
    public TimeSpan HandlerTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets how long an introducer remembers a relayed request, waiting for its reply. Default 30 s.</summary>
    public TimeSpan RelayLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the most relayed requests an introducer remembers at once; more are refused. Default 1,024.</summary>
    public int MaxRelayEntries { get; init; } = 1024;

    /// <summary>Gets the most (requester, identifier) pairs remembered to ignore duplicates and replays. Default 4,096.</summary>
    public int MaxRememberedRequests { get; init; } = 4096;

    /// <summary>Gets how long a handled request is remembered as a duplicate. Default 2 minutes.</summary>
    public TimeSpan RememberRequestsFor { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets the most source addresses rate-limited at once (older ones are forgotten first). Default 4,096.</summary>
    public int MaxRateEntries { get; init; } = 4096;

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A time is not positive, a count is below 1 (<see cref="MaxRelays"/> below 0), or a rate is not positive.</exception>
    public void ThrowIfInvalid()
    {
        foreach (var (name, value) in new[] { (nameof(DirectGrace), DirectGrace), (nameof(HandlerTimeout), HandlerTimeout), (nameof(RelayLifetime), RelayLifetime), (nameof(RememberRequestsFor), RememberRequestsFor) })
        {
            if (value <= TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(name, value, $"{name} must be positive.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(MaxRelays);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPending, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRelayEntries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRememberedRequests, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRateEntries, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestsPerSecond, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(RequestBurst, 1);
    }
}
