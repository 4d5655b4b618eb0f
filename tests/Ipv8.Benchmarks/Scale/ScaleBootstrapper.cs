using Ipv8.Bootstrapping;
using Ipv8.Discovery;
using Ipv8.Messaging;

namespace Ipv8.Benchmarks.Scale;

/// <summary>A tracker-like bootstrapper for the harness: one introducer address, blacklisted so it is never a normal peer.</summary>
internal sealed class ScaleBootstrapper(UdpAddress introducer) : IBootstrapper
{
    private readonly UdpAddress[] _addresses = [introducer];

    public bool IsInitialized { get; private set; }

    public Task<bool> InitializeAsync(IDiscoveryOverlay overlay, CancellationToken cancellationToken)
    {
        if (!IsInitialized)
        {
            overlay.Network.AddToBlacklist(introducer);
            IsInitialized = true;
        }

        return Task.FromResult(true);
    }

    public Task<IReadOnlyList<UdpAddress>> GetAddressesAsync(IDiscoveryOverlay overlay, TimeSpan timeout, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<UdpAddress>>(_addresses);

    public void KeepAlive(IDiscoveryOverlay overlay) => overlay.WalkTo(introducer);

    public IReadOnlyCollection<UdpAddress> Blacklist() => _addresses;

    public ValueTask UnloadAsync() => ValueTask.CompletedTask;
}
