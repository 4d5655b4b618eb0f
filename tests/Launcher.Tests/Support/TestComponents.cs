using Ipv8.Discovery;
using Launcher.Attributes;
using Launcher.Catalog;
using Launcher.Launching;

namespace Launcher.Tests.Support;

// Stand-ins for the runtime's overlay and bootstrapper base types until Ipv8.Communities.Community and
// Ipv8.Bootstrapping.IBootstrapper land; the catalog is told about them through ComponentCatalogOptions.
public abstract class TestCommunity
{
}

public interface ITestBootstrapper
{
}

public sealed class DiscoveryCommunity : TestCommunity
{
}

public sealed class DHTDiscoveryCommunity : TestCommunity
{
}

public sealed class ChatCommunity : TestCommunity
{
}

public sealed class RandomWalk : IDiscoveryStrategy
{
    public void TakeStep()
    {
    }
}

public sealed class EdgeWalk : IDiscoveryStrategy
{
    public void TakeStep()
    {
    }
}

public sealed class RandomChurn : IDiscoveryStrategy
{
    public void TakeStep()
    {
    }
}

public sealed class PeriodicSimilarity : IDiscoveryStrategy
{
    public void TakeStep()
    {
    }
}

public sealed class PingChurn : IDiscoveryStrategy
{
    public void TakeStep()
    {
    }
}

public sealed class DispersyBootstrapper : ITestBootstrapper
{
}

[ComponentName("UDPBroadcastBootstrapper")]
public sealed class UdpBroadcastBootstrapper : ITestBootstrapper
{
}

public sealed class AlwaysTrue : ILaunchCondition
{
    public bool ShouldLaunch(LaunchContext context) => true;
}

public static class TestCatalog
{
    public static ComponentCatalogOptions Options { get; } = new()
    {
        BaseTypes = new Dictionary<ComponentKind, Type>
        {
            [ComponentKind.Launcher] = typeof(CommunityLauncher),
            [ComponentKind.Overlay] = typeof(TestCommunity),
            [ComponentKind.WalkStrategy] = typeof(IDiscoveryStrategy),
            [ComponentKind.Bootstrapper] = typeof(ITestBootstrapper),
            [ComponentKind.Condition] = typeof(ILaunchCondition),
        },
    };

    public static Type[] Components { get; } =
    [
        typeof(DiscoveryCommunity), typeof(DHTDiscoveryCommunity), typeof(ChatCommunity), typeof(RandomWalk), typeof(EdgeWalk),
        typeof(RandomChurn), typeof(PeriodicSimilarity), typeof(PingChurn), typeof(DispersyBootstrapper),
        typeof(UdpBroadcastBootstrapper), typeof(AlwaysTrue),
    ];
}
