using Ipv8.Discovery;
using Launcher.Attributes;
using Launcher.Launching;

namespace Launcher.Tests.Support;

/// <summary>A launcher whose overlay runs on drop-in ([AutoLaunch]), even beside a file that lists its own overlays.</summary>
[AutoLaunch]
[Name("DropIn")]
[Overlay(typeof(ChatCommunity))]
[WalkStrategy(typeof(RandomWalk), TargetPeers = 5)]
public sealed class DropInLauncher : CommunityLauncher
{
}
