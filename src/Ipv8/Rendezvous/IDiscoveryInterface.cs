namespace Ipv8.Rendezvous;

/// <summary>
/// One way of finding peers by namespace behind an <see cref="IDiscoveryManager"/>: rendezvous points
/// (<see cref="RendezvousInterface"/>), the communities a node belongs to (<see cref="CommunityInterface"/>), LAN
/// broadcast (<see cref="LanBroadcastInterface"/>), or a custom one created by name (<see cref="DiscoveryInterfaceCatalog"/>).
/// </summary>
/// <remarks>Calls come from the manager's timers; implementations must not block (report through the callbacks).</remarks>
public interface IDiscoveryInterface
{
    /// <summary>Gets the name the interface is known by (e.g. <c>RendezvousInterface</c>); reported with every peer it finds.</summary>
    string Name { get; }

    /// <summary>Gets a value indicating whether <see cref="Advertise"/> does anything.</summary>
    bool CanAdvertise { get; }

    /// <summary>Gets a value indicating whether <see cref="Request"/> does anything.</summary>
    bool CanRequest { get; }

    /// <summary>
    /// Advertises us under <paramref name="ns"/> once. <paramref name="done"/> is called once with how long the
    /// advertisement lasts (the manager renews it before then), <see cref="Timeout.InfiniteTimeSpan"/> when it lasts until
    /// <see cref="StopAdvertising"/>, or null when it failed (the manager retries).
    /// </summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="done">Receives the outcome.</param>
    void Advertise(string ns, Action<TimeSpan?> done);

    /// <summary>Withdraws the advertisement of <paramref name="ns"/> (best effort).</summary>
    /// <param name="ns">The namespace.</param>
    void StopAdvertising(string ns);

    /// <summary>Asks once for peers of <paramref name="ns"/>; reports them to <paramref name="sink"/>, now or later.</summary>
    /// <param name="ns">The namespace.</param>
    /// <param name="sink">Receives what is found.</param>
    void Request(string ns, IDiscoverySink sink);
}
