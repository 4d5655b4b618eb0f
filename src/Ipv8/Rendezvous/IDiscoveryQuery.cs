namespace Ipv8.Rendezvous;

/// <summary>
/// A running request for peers of one namespace (<see cref="IDiscoveryManager.Request"/>): the interfaces are asked
/// every <see cref="DiscoveryManagerOptions.RequestInterval"/> until <see cref="Stop"/>; every peer is verified and handed
/// out once (distinct by key), in the order found.
/// </summary>
public interface IDiscoveryQuery : IAsyncEnumerable<DiscoveredPeer>, IAsyncDisposable
{
    /// <summary>Gets the namespace asked for.</summary>
    string Namespace { get; }

    /// <summary>Gets the number of distinct peers found so far (handed out or waiting).</summary>
    int Found { get; }

    /// <summary>Gets a value indicating whether <see cref="Stop"/> was called.</summary>
    bool IsStopped { get; }

    /// <summary>Returns the next peer not yet handed out, waiting until one is found.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The peer.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="InvalidOperationException">The query was stopped and every peer found was handed out.</exception>
    ValueTask<DiscoveredPeer> GetPeerAsync(CancellationToken cancellationToken = default);

    /// <summary>Returns the next peer not yet handed out without waiting.</summary>
    /// <param name="peer">The peer, when there is one.</param>
    /// <returns>True when a peer was returned.</returns>
    bool TryGetPeer(out DiscoveredPeer? peer);

    /// <summary>Stops asking; peers already found can still be taken, then enumeration ends.</summary>
    void Stop();
}
