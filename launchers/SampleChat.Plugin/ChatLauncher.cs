using Launcher.Attributes;
using Launcher.Launching;

namespace SampleChat;

/// <summary>
/// Launches <see cref="ChatCommunity"/> as the overlay <c>SampleChat</c> with <see cref="RoundRobinWalk"/> (to 10 peers)
/// and a <see cref="StaticListBootstrapper"/> pointing at a tracker on 127.0.0.1:18095. A configuration file that declares
/// an overlay named <c>SampleChat</c> replaces this definition as a whole (see <c>chat.yaml</c>).
/// </summary>
[Name("SampleChat")]
[Overlay(typeof(ChatCommunity))]
[WalkStrategy(typeof(RoundRobinWalk), TargetPeers = 10)]
[Bootstrapper(typeof(StaticListBootstrapper), Settings = typeof(LoopbackTrackerSettings))]
public sealed class ChatLauncher : CommunityLauncher
{
}
