using Ipv8.Bootstrapping;
using Ipv8.Discovery;
using Launcher.Attributes;
using Launcher.Launching;

namespace Launcher.Tests.Support;

public sealed class ChatSettings
{
    public int MaxPeers { get; init; } = 30;

    public bool Anonymize { get; init; }
}

public sealed class FastWalkSettings
{
    public double Timeout { get; init; } = 1.5;
}

public sealed class LocalTrackerSettings
{
    public IReadOnlyList<object[]> IpAddresses { get; init; } = [["127.0.0.1", 6421]];

    public double BootstrapTimeout { get; init; } = 5.0;
}

/// <summary>The overlay every front-door test declares: see Resources/chat.yaml and chat.json.</summary>
[Overlay(typeof(ChatCommunity), Key = "chat id", Settings = typeof(ChatSettings))]
[WalkStrategy(typeof(RandomWalk), TargetPeers = 30, Settings = typeof(FastWalkSettings))]
[WalkStrategy("EdgeWalk", TargetPeers = -1)]
[Bootstrapper(typeof(DispersyBootstrapper), Settings = typeof(LocalTrackerSettings))]
[After("DiscoveryCommunity")]
[Name("Chat")]
[Precondition(typeof(AlwaysTrue))]
[OnStart("greet", "hello", 2)]
public sealed class ChatLauncher : CommunityLauncher
{
}
