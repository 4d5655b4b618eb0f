using Ipv8.Discovery;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Simulation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Tests.Plugins;

/// <summary>
/// A host-side <see cref="IDiscoveryOverlay"/> handed to plugin components: it records walks and introduction requests.
/// That plugin code accepts it at all is the type-identity property (the plugin's IDiscoveryOverlay is the host's).
/// </summary>
internal sealed class RecordingOverlay : IDiscoveryOverlay
{
    public List<UdpAddress> Walkable { get; } = [];

    public List<UdpAddress> Walks { get; } = [];

    public int IntroductionRequests { get; private set; }

    public VirtualClock Clock { get; } = new();

    public ReadOnlyMemory<byte> CommunityId { get; } = new byte[20];

    public MyPeer MyPeer => throw new NotSupportedException();

    public int MaxPeers => 30;

    public Network Network { get; } = new();

    public TimeProvider TimeProvider => Clock;

    public Random Random { get; } = new(1);

    public ILogger Logger => NullLogger.Instance;

    public IReadOnlyList<Peer> GetPeers() => [];

    public IReadOnlyList<UdpAddress> GetWalkableAddresses() => [.. Walkable];

    public void WalkTo(UdpAddress address) => Walks.Add(address);

    public void GetNewIntroduction(Peer? fromPeer = null) => IntroductionRequests++;

    public void Bootstrap()
    {
    }
}
