using Ipv8.Discovery;
using Launcher.Attributes;
using Launcher.Launching;

namespace Launchers.Builtin;

/// <summary>
/// Launches py-ipv8's DiscoveryCommunity with its default strategies (RandomWalk to 20 peers, RandomChurn
/// and PeriodicSimilarity always on). A configuration file overrides it by declaring an overlay named
/// <c>DiscoveryCommunity</c> (for example with <c>enabled: false</c>).
/// </summary>
[Name("DiscoveryCommunity")]
[Overlay(typeof(DiscoveryCommunity))]
[WalkStrategy(typeof(RandomWalk), TargetPeers = 20)]
[WalkStrategy(typeof(RandomChurn), TargetPeers = -1)]
[WalkStrategy(typeof(PeriodicSimilarity), TargetPeers = -1)]
public sealed class DiscoveryLauncher : CommunityLauncher
{
}
