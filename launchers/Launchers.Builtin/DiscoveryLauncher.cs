using Ipv8.Discovery;
using Launcher.Attributes;
using Launcher.Launching;

namespace Launchers.Builtin;

/// <summary>
/// Launches py-ipv8's DiscoveryCommunity with its default strategies (RandomWalk to 20 peers, RandomChurn
/// and PeriodicSimilarity always on). A configuration that lists overlays runs it only when it names it
/// (<c>- launcher: DiscoveryLauncher</c>, optionally with settings that replace these); with no overlays list
/// (code-first hosting) it always runs.
/// </summary>
[Name("DiscoveryCommunity")]
[Overlay(typeof(DiscoveryCommunity))]
[WalkStrategy(typeof(RandomWalk), TargetPeers = 20)]
[WalkStrategy(typeof(RandomChurn), TargetPeers = -1)]
[WalkStrategy(typeof(PeriodicSimilarity), TargetPeers = -1)]
public sealed class DiscoveryLauncher : CommunityLauncher
{
}
