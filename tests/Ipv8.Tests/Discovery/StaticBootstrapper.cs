using Ipv8.Bootstrapping;
using Ipv8.Discovery;
using Ipv8.Messaging;

namespace Ipv8.Tests.Discovery;

/// <summary>A tracker-like test bootstrapper: one fixed introducer address, blacklisted so it is never a normal peer.</summary>
internal sealed class StaticBootstrapper(UdpAddress introducer) : IBootstrapper
{
    public bool IsInitialized { get; private set; }

    public Task<bool> InitializeAsync(IDiscoveryOverlay overlay, CancellationToken cancellationToken)
    {
        overlay.Network.AddToBlacklist(introducer);
        IsInitialized = true;
        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<UdpAddress>> GetAddressesAsync(IDiscoveryOverlay overlay, TimeSpan timeout, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<UdpAddress>>([introducer]);

    public void KeepAlive(IDiscoveryOverlay overlay) => overlay.WalkTo(introducer);

    public IReadOnlyCollection<UdpAddress> Blacklist() => [introducer];

    public ValueTask UnloadAsync() => ValueTask.CompletedTask;
}
