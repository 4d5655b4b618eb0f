using Ipv8.Communities;
using Ipv8.Discovery;

namespace Launcher.Tests.Support.Hosting;

/// <summary>Records what the launcher and its hooks did; registered in DI so launchers and conditions can take it.</summary>
public sealed class HookJournal
{
    public List<string> Entries { get; } = [];

    public bool AllowConditional { get; set; } = true;

    public void Add(string entry) => Entries.Add(entry);
}

/// <summary>A real community (community id from configuration) with methods for on_start.</summary>
public sealed class RecordingOverlay : Community
{
    public RecordingOverlay(CommunitySettings settings)
        : base(settings)
    {
    }

    public List<string> Calls { get; } = [];

    public void Greet(string text, int times) => Calls.Add($"greet {text} x{times}");

    public async Task WarmUp(TimeSpan duration, bool verbose = false)
    {
        await Task.Yield();
        Calls.Add($"warm_up {duration.TotalSeconds} {verbose}");
    }

    public void Fail(string reason) => throw new InvalidOperationException(reason);
}

/// <summary>An overlay whose constructor always throws.</summary>
public sealed class ExplodingOverlay : Community
{
    public ExplodingOverlay(CommunitySettings settings)
        : base(Refuse(settings))
    {
    }

    private static CommunitySettings Refuse(CommunitySettings settings) =>
        throw new InvalidOperationException($"cannot run without a GPU (max_peers {settings.MaxPeers})");
}

/// <summary>A walk strategy whose constructor always throws.</summary>
public sealed class ExplodingWalk : IDiscoveryStrategy
{
    public ExplodingWalk(IDiscoveryOverlay overlay) => throw new InvalidOperationException($"cannot walk {overlay.GetType().Name}");

    public void TakeStep()
    {
    }
}

public static class HostedComponents
{
    public const string CommunityIdA = "00112233445566778899aabbccddeeff00112233";
    public const string CommunityIdB = "4c61756e636865722064656d6f206f7665726c61";

    public static Type[] Types { get; } = [typeof(RecordingOverlay), typeof(ExplodingOverlay), typeof(ExplodingWalk)];
}
