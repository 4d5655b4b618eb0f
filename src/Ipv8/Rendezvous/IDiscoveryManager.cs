namespace Ipv8.Rendezvous;

/// <summary>
/// The one facade over the ways a node finds peers by namespace (the libp2p DiscoveryManager): it advertises through
/// every interface that can, and requests from every interface that can, merging and de-duplicating by key and
/// verifying every record (signature, expiry, namespace) before handing it out.
/// </summary>
public interface IDiscoveryManager : IAsyncDisposable
{
    /// <summary>Gets the interfaces behind the manager.</summary>
    IReadOnlyList<IDiscoveryInterface> Interfaces { get; }

    /// <summary>Advertises us under <paramref name="ns"/> and keeps the advertisement alive (renewed before it expires) until stopped.</summary>
    /// <param name="ns">The namespace (1-255 UTF-8 bytes).</param>
    /// <returns>The advertisement; <see cref="IDiscoveryAdvertisement.Stop"/> ends it.</returns>
    /// <exception cref="ArgumentException">The namespace is invalid.</exception>
    /// <exception cref="ObjectDisposedException">The manager was disposed.</exception>
    IDiscoveryAdvertisement Advertise(string ns);

    /// <summary>Starts looking for peers of <paramref name="ns"/>.</summary>
    /// <param name="ns">The namespace (1-255 UTF-8 bytes).</param>
    /// <returns>The query; take peers with <see cref="IDiscoveryQuery.GetPeerAsync"/> or by enumerating it; <see cref="IDiscoveryQuery.Stop"/> ends it.</returns>
    /// <exception cref="ArgumentException">The namespace is invalid.</exception>
    /// <exception cref="ObjectDisposedException">The manager was disposed.</exception>
    IDiscoveryQuery Request(string ns);
}
