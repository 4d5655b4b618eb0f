using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// Merges overlay definitions from the front doors by name. Layers are given lowest precedence first
/// (attributes, then <c>ConfigBuilder</c>, then files): a later layer's definition with the same name
/// replaces the earlier one as a whole (file wins). Within one layer a name must be unique.
/// </summary>
public static class DefinitionMerger
{
    /// <summary>Merges the layers.</summary>
    /// <param name="layers">Definition lists, lowest precedence first.</param>
    /// <param name="errors">Receives duplicate names within a layer.</param>
    /// <returns>The merged definitions (first-seen order) and what each replaced.</returns>
    public static MergedDefinitions Merge(IEnumerable<IEnumerable<OverlayDefinition>> layers, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(errors);
        var order = new List<string>();
        var current = new Dictionary<string, OverlayDefinition>(StringComparer.Ordinal);
        var replaced = new Dictionary<string, List<OverlayDefinition>>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            var seen = new Dictionary<string, OverlayDefinition>(StringComparer.Ordinal);
            foreach (var overlay in layer)
            {
                if (!seen.TryAdd(overlay.Name, overlay))
                {
                    errors.Add(overlay.Origin, $"overlays.{overlay.Name}",
                        $"duplicate overlay name '{overlay.Name}' (also declared at {seen[overlay.Name].Origin}); give one a distinct 'name'");
                    continue;
                }

                if (current.TryGetValue(overlay.Name, out var previous))
                {
                    if (!replaced.TryGetValue(overlay.Name, out var list))
                    {
                        replaced[overlay.Name] = list = [];
                    }

                    list.Add(previous);
                }
                else
                {
                    order.Add(overlay.Name);
                }

                current[overlay.Name] = overlay;
            }
        }

        return new MergedDefinitions(
            EquatableArray.From(order.Select(n => current[n])),
            replaced.ToDictionary(p => p.Key, p => (IReadOnlyList<OverlayDefinition>)p.Value, StringComparer.Ordinal));
    }
}
