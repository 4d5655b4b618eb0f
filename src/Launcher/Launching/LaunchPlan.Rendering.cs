using System.Text;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <content>Rendering the plan for the <c>plan</c> command.</content>
public sealed partial class LaunchPlan
{
    /// <summary>
    /// Renders the plan for people (the CLI's <c>plan</c> command): the resolved order, each overlay with its
    /// origin, class, key, walkers, bootstrappers and settings, what it overrode, then the skipped overlays, then every
    /// known launcher class with whether and why its overlay is used, then the <c>discovery</c> section when there is one.
    /// </summary>
    /// <param name="discovery">The configuration's discovery section (<c>LauncherModel.Configuration.Discovery</c>), or null.</param>
    /// <returns>The text.</returns>
    public string Render(DiscoveryDefinition? discovery = null)
    {
        var text = new StringBuilder();
        text.AppendLine("Launch order:");
        for (var i = 0; i < Order.Count; i++)
        {
            var overlay = Order[i];
            text.AppendLine($"  {i + 1}. {overlay.Name} ({overlay.Class}) from {overlay.Origin}");
            AppendDetails(text, overlay);
        }

        if (Skipped.Count > 0)
        {
            text.AppendLine("Skipped:");
            foreach (var overlay in Skipped)
            {
                text.AppendLine($"  - {overlay.Name} ({overlay.Class}) from {overlay.Origin}: {SkipReasons.GetValueOrDefault(overlay.Name, "not launched")}");
            }
        }

        if (Merged is { Launchers.Count: > 0 } merged)
        {
            text.AppendLine("Launcher classes:");
            foreach (var choice in merged.Launchers)
            {
                var verdict = !choice.Contributes ? "not used"
                    : Order.Any(o => o.Name == choice.OverlayName) ? "launches"
                    : "used, but its overlay is skipped";
                text.AppendLine($"  - {choice.LauncherType.Name} (overlay {choice.OverlayName}, {choice.LauncherType.Assembly.GetName().Name}): {verdict}: {choice.Reason}");
            }
        }

        if (discovery is not null)
        {
            text.AppendLine($"Discovery (from {discovery.Origin}):");
            text.AppendLine($"  serve: {(discovery.Serve ? "yes, a rendezvous point on the first interface" : "no")}; rendezvous overlay: {DiscoveryResolver.RendezvousOverlayName}");
            foreach (var entry in discovery.Interfaces)
            {
                text.AppendLine($"  interface {entry.Class} init={entry.Init} from {entry.Origin}");
            }

            text.AppendLine($"  advertise: {(discovery.Advertise.Count == 0 ? "(none)" : string.Join(", ", discovery.Advertise))}");
            text.AppendLine($"  request: {(discovery.Request.Count == 0 ? "(none)" : string.Join(", ", discovery.Request))}");
        }

        return text.ToString();
    }

    private void AppendDetails(StringBuilder text, OverlayDefinition overlay)
    {
        text.AppendLine($"       key: {overlay.Key ?? "(none: the configuration has no single key)"}");
        if (overlay.After.Count > 0)
        {
            text.AppendLine($"       after: {string.Join(", ", overlay.After)}");
        }

        foreach (var walker in overlay.Walkers)
        {
            text.AppendLine($"       walker {walker.Strategy} peers={walker.Peers} init={walker.Init} from {walker.Origin}");
        }

        foreach (var bootstrapper in overlay.Bootstrappers)
        {
            text.AppendLine($"       bootstrapper {bootstrapper.Class} init={bootstrapper.Init} from {bootstrapper.Origin}");
        }

        if (overlay.Initialize.Count > 0)
        {
            text.AppendLine($"       initialize: {overlay.Initialize}");
        }

        foreach (var call in overlay.OnStart)
        {
            text.AppendLine($"       on_start: {call}");
        }

        if (overlay.Conditions.Count > 0)
        {
            text.AppendLine($"       conditions: {string.Join(", ", overlay.Conditions)}");
        }

        if (Merged?.Replaced.TryGetValue(overlay.Name, out var replaced) == true)
        {
            foreach (var old in replaced)
            {
                text.AppendLine($"       overrides the definition from {old.Origin}");
            }
        }
    }
}
