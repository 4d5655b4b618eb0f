using Ipv8.Connectivity.Reachability;

namespace Ipv8.Connectivity.Ladder;

/// <summary>Opens pipes to other nodes, trying the configured rungs (direct, reverse, TCP hole punching) in order.</summary>
public interface IConnector
{
    /// <summary>
    /// Connects to the node <paramref name="remote"/> describes and opens <paramref name="protocol"/> on it.
    /// Each rung runs within its own time budget; the first pipe that authenticates as <see cref="ReachabilityRecord.Key"/> wins.
    /// </summary>
    /// <returns>The pipe, the rung that won, and every attempt with its time and outcome.</returns>
    /// <exception cref="ConnectionFailedException">Every rung failed; <see cref="ConnectionFailedException.Attempts"/> says how.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<ConnectResult> ConnectAsync(ReachabilityRecord remote, string protocol, CancellationToken cancellationToken);
}
