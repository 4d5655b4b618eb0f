using Launcher.Attributes;
using Launcher.Definitions;
using Launcher.Launching;

namespace Launcher.Tests.Support.Hosting;

/// <summary>Every hook writes to the journal it gets through constructor injection.</summary>
[Name("Recorded")]
[Overlay(typeof(RecordingOverlay), CommunityId = HostedComponents.CommunityIdA)]
[WalkStrategy("RandomWalk", TargetPeers = 10)]
[OnStart("greet", "from attribute", 3)]
public sealed class RecordingLauncher(HookJournal journal) : CommunityLauncher<RecordingOverlay>
{
    public override bool ShouldLaunch(LaunchContext context)
    {
        journal.Add($"ShouldLaunch {context.Definition.Name}");
        return true;
    }

    public override void Prepare(LaunchContext context) =>
        journal.Add($"Prepare {context.Definition.Name} launched-before=[{string.Join(",", context.Overlays.Names)}]");

    public override SettingsMap GetSettings(LaunchContext context, SettingsMap configured)
    {
        journal.Add($"GetSettings {configured.Count}");
        return SettingsMap.FromObjects(new Dictionary<string, object?> { ["max_peers"] = 7 });
    }

    public override void Finalize(LaunchContext context, RecordingOverlay overlay) =>
        journal.Add($"Finalize {overlay.MaxPeers} registered={context.Overlays.TryGet<RecordingOverlay>("Recorded", out var same) && ReferenceEquals(same, overlay)}");
}

/// <summary>Launches unless the journal says no (a static-method precondition reading a DI service).</summary>
[Name("Conditional")]
[Overlay(typeof(RecordingOverlay), CommunityId = HostedComponents.CommunityIdB)]
[Precondition(nameof(Allowed))]
public sealed class ConditionalLauncher : CommunityLauncher
{
    public static bool Allowed(LaunchContext context) =>
        (context.Services.GetService(typeof(HookJournal)) as HookJournal)?.AllowConditional ?? false;
}

/// <summary>A typed precondition that never holds.</summary>
[Name("Never")]
[Overlay(typeof(RecordingOverlay), CommunityId = HostedComponents.CommunityIdB)]
[Precondition(typeof(NeverCondition))]
public sealed class NeverLauncher : CommunityLauncher
{
}

/// <summary>A launcher whose own ShouldLaunch says no.</summary>
[Name("Refusing")]
[Overlay(typeof(RecordingOverlay), CommunityId = HostedComponents.CommunityIdB)]
public sealed class RefusingLauncher : CommunityLauncher
{
    public override bool ShouldLaunch(LaunchContext context) => false;
}

[Name("PrepareThrows")]
[Overlay(typeof(RecordingOverlay), CommunityId = HostedComponents.CommunityIdB)]
public sealed class PrepareThrowsLauncher : CommunityLauncher
{
    public override void Prepare(LaunchContext context) => throw new InvalidOperationException("prepare refused");
}

[Name("FinalizeThrows")]
[Overlay(typeof(RecordingOverlay), CommunityId = HostedComponents.CommunityIdB)]
public sealed class FinalizeThrowsLauncher : CommunityLauncher
{
    public override void Finalize(LaunchContext context, object overlay) => throw new InvalidOperationException("finalize refused");
}

[Name("BadSettings")]
[Overlay(typeof(RecordingOverlay), CommunityId = HostedComponents.CommunityIdB)]
public sealed class BadSettingsLauncher : CommunityLauncher
{
    public override SettingsMap GetSettings(LaunchContext context, SettingsMap configured) =>
        SettingsMap.FromObjects(new Dictionary<string, object?> { ["max_peerz"] = 3 });
}

public sealed class NeverCondition(HookJournal journal) : ILaunchCondition
{
    public bool ShouldLaunch(LaunchContext context)
    {
        journal.Add($"Never asked for {context.Definition.Name}");
        return false;
    }
}

public sealed class ThrowingCondition : ILaunchCondition
{
    public bool ShouldLaunch(LaunchContext context) => throw new InvalidOperationException("sensor offline");
}
