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
[Bootstrapper(typeof(StaticListBootstrapper), Settings = typeof(LoopbackTracker))]
public sealed class ChatLauncher : CommunityLauncher
{
    /// <summary>The attribute default of the bootstrapper's <c>init</c>: the local tracker of <c>chat.yaml</c>.</summary>
    public sealed class LoopbackTracker
    {
        /// <summary>Gets the tracker address as py-ipv8 writes it: <c>[ip, port]</c>.</summary>
        public IReadOnlyList<object[]> Addresses { get; init; } = [["127.0.0.1", 18095]];
    }
}
