using Ipv8.Peers;
using Microsoft.Extensions.Logging;

namespace Ipv8.Discovery;

/// <summary>
/// The narrow view of an overlay that walk strategies and bootstrappers see (design.md: peer count,
/// network view, walk-to, get-introduction, time, logger), instead of the whole <c>Community</c>.
/// </summary>
/// <remarks>
/// Threading: the members take <see cref="Network.SyncRoot"/> of <see cref="Network"/> themselves (a reentrant
/// monitor), so they may be called from any thread. The walk loop and the overlay's timers already hold the lock when
/// they call a strategy, which makes a strategy step atomic with respect to datagram handling. <see cref="Random"/> is
/// not thread-safe: use it while holding the lock.
/// </remarks>
public interface IDiscoveryOverlay : ILocalOverlay
{
    /// <summary>
    /// Gets the peer limit (py-ipv8 <c>max_peers</c>, default 30). Introduction requests are refused when the
    /// overlay has more peers; a negative value disables the limit.
    /// </summary>
    int MaxPeers { get; }

    /// <summary>
    /// Gets the endpoint the overlay sends and receives on, or null when it has none of its own (the default, for overlays
    /// written before this member). The walk loop steps a strategy only while this endpoint is open.
    /// </summary>
    Messaging.IEndpoint? Endpoint => null;

    /// <summary>
    /// Gets a value indicating whether the overlay was unloaded (default false). The walk loop stops stepping an unloaded
    /// overlay's strategies at once, before its registrations are removed.
    /// </summary>
    bool IsUnloaded => false;

    /// <summary>Gets the network state shared by all overlays of one instance.</summary>
    Network Network { get; }

    /// <summary>Gets the clock that drives the overlay (virtual in simulations).</summary>
    TimeProvider TimeProvider { get; }

    /// <summary>Gets the overlay's random source, seeded per overlay so simulations are deterministic. Not thread-safe: use under the lock.</summary>
    Random Random { get; }

    /// <summary>Gets the overlay's logger.</summary>
    ILogger Logger { get; }

    /// <summary>Returns the verified peers that offer this overlay's service (a new list; empty when none).</summary>
    IReadOnlyList<Peer> GetPeers();

    /// <summary>Returns the known addresses that may be walked to for this overlay (a new list; empty when none).</summary>
    IReadOnlyList<Messaging.UdpAddress> GetWalkableAddresses();

    /// <summary>
    /// Sends an introduction request to <paramref name="address"/> (new format when the address is known to be
    /// new-style or is IPv6, spec 5.8). Never throws for network faults; a failed send is counted by the endpoint.
    /// </summary>
    void WalkTo(Messaging.UdpAddress address);

    /// <summary>
    /// Asks <paramref name="fromPeer"/>, or a random peer of the overlay, for an introduction (spec 5.15):
    /// with 5 % probability keeps bootstrappers alive instead; with no peers at all, calls <see cref="Bootstrap"/>.
    /// </summary>
    void GetNewIntroduction(Peer? fromPeer = null);

    /// <summary>
    /// Keeps the bootstrappers alive (the 5 % branch of <see cref="GetNewIntroduction"/>, py-ipv8's keep-alive) when any of
    /// them is initialized, and returns whether it did. The default does nothing and returns false (nothing to keep alive).
    /// Strategies that choose the peer to ask themselves call it to keep py-ipv8's keep-alive rate.
    /// </summary>
    bool KeepBootstrappersAlive() => false;

    /// <summary>
    /// Starts one background bootstrap round per bootstrapper (spec 9.1): initialize, get addresses, walk to them.
    /// Returns immediately; failures are logged, never thrown.
    /// </summary>
    void Bootstrap();
}
