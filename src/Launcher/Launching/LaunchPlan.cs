using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// The launch order, computed exactly as py-ipv8's <c>CommunityLoader.load</c> (spec §11.3): a queue of all
/// overlays and a budget of n² pops; an overlay that should not launch is dropped; one is ready when every
/// <c>after</c> name that refers to a present overlay which should launch has launched (absent or disabled
/// dependencies are ignored); ready ones launch, others go to the back. A negative budget is a cycle, reported
/// with the names in the cycle.
/// </summary>
public sealed partial class LaunchPlan
{
    private LaunchPlan(IReadOnlyList<OverlayDefinition> order, IReadOnlyList<OverlayDefinition> skipped, IReadOnlyDictionary<string, string> skipReasons, MergedDefinitions? merged)
    {
        Order = order;
        Skipped = skipped;
        SkipReasons = skipReasons;
        Merged = merged;
    }

    /// <summary>Overlays to launch, in launch order.</summary>
    public IReadOnlyList<OverlayDefinition> Order { get; }

    /// <summary>Overlays that will not launch (disabled, or a condition is false).</summary>
    public IReadOnlyList<OverlayDefinition> Skipped { get; }

    /// <summary>
    /// Why each skipped overlay does not launch, by name: <c>disabled (enabled: false)</c>,
    /// <c>condition 'HasGpu' is false</c>, <c>ChatLauncher.ShouldLaunch returned false</c>, ...
    /// </summary>
    public IReadOnlyDictionary<string, string> SkipReasons { get; }

    /// <summary>The merge this plan was made from, when known (for rendering what was overridden).</summary>
    public MergedDefinitions? Merged { get; }

    /// <summary>Computes the plan.</summary>
    /// <param name="overlays">The merged definitions, in declaration order.</param>
    /// <param name="shouldLaunch">Extra launch decision (conditions, launcher hooks); null = all enabled overlays launch. Called once per enabled overlay.</param>
    /// <param name="errors">Receives the cycle error, if any.</param>
    /// <param name="merged">The merge result, kept for <see cref="Render"/>.</param>
    /// <returns>The plan (with the overlays that could be ordered, when there is a cycle).</returns>
    public static LaunchPlan Create(IReadOnlyList<OverlayDefinition> overlays, Func<OverlayDefinition, bool>? shouldLaunch, ErrorList errors, MergedDefinitions? merged = null) =>
        Create(overlays, errors, o => !o.Enabled ? "disabled (enabled: false)" : shouldLaunch is null || shouldLaunch(o) ? null : "a launch condition is false", merged);

    /// <summary>Computes the plan with a reason for every overlay that does not launch.</summary>
    /// <param name="overlays">The merged definitions, in declaration order.</param>
    /// <param name="errors">Receives the cycle error, if any.</param>
    /// <param name="skipReason">
    /// Returns why an overlay does not launch, or null when it launches; called exactly once per overlay,
    /// in declaration order. Null = launch the enabled ones (disabled overlays are always skipped).
    /// </param>
    /// <param name="merged">The merge result, kept for <see cref="Render"/>.</param>
    /// <returns>The plan (with the overlays that could be ordered, when there is a cycle).</returns>
    public static LaunchPlan Create(IReadOnlyList<OverlayDefinition> overlays, ErrorList errors, Func<OverlayDefinition, string?>? skipReason, MergedDefinitions? merged = null)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        ArgumentNullException.ThrowIfNull(errors);
        var reasons = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var overlay in overlays)
        {
            var reason = !overlay.Enabled ? "disabled (enabled: false)" : skipReason?.Invoke(overlay);
            if (reason is not null)
            {
                reasons.TryAdd(overlay.Name, reason);
            }
        }

        var launches = overlays.ToDictionary(o => o.Name, o => !reasons.ContainsKey(o.Name), StringComparer.Ordinal);
        var queue = new Queue<OverlayDefinition>(overlays);
        var launched = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<OverlayDefinition>();
        var skipped = new List<OverlayDefinition>();
        var budget = overlays.Count * overlays.Count;
        while (queue.Count > 0 && budget >= 0)
        {
            var overlay = queue.Dequeue();
            budget--;
            if (!launches[overlay.Name])
            {
                skipped.Add(overlay);
                continue;
            }

            var ready = overlay.After.All(name => !launches.TryGetValue(name, out var should) || !should || launched.Contains(name));
            if (ready)
            {
                launched.Add(overlay.Name);
                order.Add(overlay);
            }
            else
            {
                queue.Enqueue(overlay);
            }
        }

        if (queue.Count > 0)
        {
            var remaining = queue.OrderBy(o => IndexOf(overlays, o)).ToList();
            var cycle = FindCycle(remaining, launches);
            var blocked = remaining.Select(o => o.Name).Where(n => !cycle.Contains(n)).ToList();
            var text = cycle.Count > 0 ? string.Join(" -> ", cycle.Append(cycle[0])) : string.Join(", ", remaining.Select(o => o.Name));
            var extra = blocked.Count > 0 ? $" (also blocked: {string.Join(", ", blocked)})" : "";
            var first = remaining.First(o => cycle.Count == 0 || o.Name == cycle[0]);
            errors.Add(first.Origin, $"overlays.{first.Name}.after", $"launch order cycle detected: {text}{extra}");
        }

        return new LaunchPlan(order, skipped, reasons, merged);
    }

    private static int IndexOf(IReadOnlyList<OverlayDefinition> overlays, OverlayDefinition overlay)
    {
        for (var i = 0; i < overlays.Count; i++)
        {
            if (ReferenceEquals(overlays[i], overlay))
            {
                return i;
            }
        }

        return overlays.Count;
    }

    private static List<string> FindCycle(List<OverlayDefinition> remaining, Dictionary<string, bool> launches)
    {
        var byName = remaining.ToDictionary(o => o.Name, StringComparer.Ordinal);
        foreach (var start in remaining)
        {
            var path = new List<string>();
            var current = start.Name;
            while (!path.Contains(current))
            {
                path.Add(current);
                var next = byName[current].After.FirstOrDefault(n => byName.ContainsKey(n) && launches.GetValueOrDefault(n));
                if (next is null)
                {
                    break;
                }

                current = next;
            }

            if (path.Contains(current))
            {
                return path[path.IndexOf(current)..];
            }
        }

        return [];
    }
}
