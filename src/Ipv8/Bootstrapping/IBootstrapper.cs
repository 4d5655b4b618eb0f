using Ipv8.Discovery;
using Ipv8.Messaging;

namespace Ipv8.Bootstrapping;

/// <summary>
/// Finds the first addresses to walk to for an overlay (py-ipv8 <c>Bootstrapper</c>, spec 9.1). A community
/// holds a list of them; <see cref="IDiscoveryOverlay.Bootstrap"/> starts, per bootstrapper, a background task
/// that starts <see cref="InitializeAsync"/>, awaits <see cref="GetAddressesAsync"/> (timeout 60 s), walks to each
/// returned address (at most <see cref="IDiscoveryOverlay.MaxPeers"/> when that is positive), then awaits the
/// initialization.
/// </summary>
/// <remarks>
/// Threading: <see cref="KeepAlive"/> and <see cref="Blacklist"/> are called while holding
/// <see cref="Peers.Network.SyncRoot"/>. <see cref="InitializeAsync"/> and <see cref="GetAddressesAsync"/> are started
/// from <see cref="IDiscoveryOverlay.Bootstrap"/>, possibly while that lock is held, so they must not block before
/// their first <c>await</c> (use asynchronous DNS and socket calls); code after an <c>await</c> runs without the lock
/// and must take it (<c>lock (overlay.Network.SyncRoot)</c>) before touching the overlay. Overlay members such as
/// <see cref="IDiscoveryOverlay.WalkTo"/> take the lock themselves. On a virtual clock, wait with
/// <c>Task.Delay(delay, overlay.TimeProvider)</c> so simulations stay deterministic.
/// </remarks>
public interface IBootstrapper
{
    /// <summary>Gets a value indicating whether <see cref="InitializeAsync"/> has completed successfully at least once.</summary>
    bool IsInitialized { get; }

    /// <summary>
    /// Prepares the bootstrapper (resolve tracker names, open a broadcast socket, ...). May be slow; called on every
    /// bootstrap round, so it must be idempotent. Must not throw when a service is unavailable: returns false instead.
    /// Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<bool> InitializeAsync(IDiscoveryOverlay overlay, CancellationToken cancellationToken);

    /// <summary>
    /// Returns addresses to walk to for <paramref name="overlay"/> (possibly empty: bootstrappers that contact
    /// servers directly, like the tracker bootstrapper, walk themselves and return nothing). Completes within
    /// roughly <paramref name="timeout"/>; never throws for network faults.
    /// </summary>
    Task<IReadOnlyList<UdpAddress>> GetAddressesAsync(IDiscoveryOverlay overlay, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Keeps the bootstrap service aware of us (spec 5.15: called with 5 % probability per introduction when the
    /// overlay has peers). Called under <see cref="Peers.Network.SyncRoot"/>; must be quick and must not throw.
    /// </summary>
    void KeepAlive(IDiscoveryOverlay overlay);

    /// <summary>Returns the addresses that must not be treated as normal peers (tracker addresses); empty when none.</summary>
    IReadOnlyCollection<UdpAddress> Blacklist();

    /// <summary>Releases the bootstrapper's resources (sockets). Idempotent; never throws for network faults.</summary>
    ValueTask UnloadAsync();
}
