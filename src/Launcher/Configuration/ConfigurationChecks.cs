using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// Checks that span several settings and so cannot live in the schema: unique key aliases and overlay
/// names, overlay key aliases that exist, decodable key bins. (Value ranges such as walker_interval ≥ 0 are the schema's job.)
/// All problems are added to the error list; nothing throws.
/// </summary>
public static class ConfigurationChecks
{
    /// <summary>Checks a whole configuration (its keys and overlays).</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="errors">Receives the problems.</param>
    public static void Check(LauncherConfiguration configuration, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(errors);
        CheckKeys(configuration.Keys, errors);
        CheckOverlays(configuration.Overlays, configuration.Keys, errors);
    }

    /// <summary>Checks key aliases for duplicates and key bins for valid base64.</summary>
    /// <param name="keys">The keys.</param>
    /// <param name="errors">Receives the problems.</param>
    public static void CheckKeys(IEnumerable<KeyDefinition> keys, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(errors);
        var seen = new Dictionary<string, KeyDefinition>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (key.Alias.Length > 0 && !seen.TryAdd(key.Alias, key))
            {
                errors.Add(key.Origin, "keys", $"duplicate key alias '{key.Alias}' (first declared at {seen[key.Alias].Origin})");
            }

            if (key.Bin is { } bin && !Convert.TryFromBase64String(bin, new byte[bin.Length], out _))
            {
                errors.Add(key.Origin, $"keys.{key.Alias}.bin", "is not valid base64");
            }
        }
    }

    /// <summary>
    /// Checks overlay names for duplicates (<see cref="CheckOverlayNames"/>) and that every enabled overlay's key alias
    /// exists (<see cref="KeyOf"/>).
    /// </summary>
    /// <param name="overlays">The overlays.</param>
    /// <param name="keys">The configured keys.</param>
    /// <param name="errors">Receives the problems.</param>
    public static void CheckOverlays(IEnumerable<OverlayDefinition> overlays, IEnumerable<KeyDefinition> keys, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(errors);
        var list = overlays.ToList();
        var keyList = keys.ToList();
        CheckOverlayNames(list, errors);
        foreach (var overlay in list.Where(o => o.Enabled && o.Launcher is null))
        {
            // A launcher entry gets its key when it is resolved against the catalog; it is checked then.
            _ = KeyOf(overlay, keyList, errors);
        }
    }

    /// <summary>Checks overlay names for duplicates.</summary>
    /// <param name="overlays">The overlays.</param>
    /// <param name="errors">Receives the problems.</param>
    public static void CheckOverlayNames(IEnumerable<OverlayDefinition> overlays, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        ArgumentNullException.ThrowIfNull(errors);
        var names = new Dictionary<string, OverlayDefinition>(StringComparer.Ordinal);
        foreach (var overlay in overlays)
        {
            if (overlay.Name.Length > 0 && !names.TryAdd(overlay.Name, overlay))
            {
                errors.Add(overlay.Origin, $"overlays.{overlay.Name}",
                    $"duplicate overlay name '{overlay.Name}' (also declared at {names[overlay.Name].Origin}); give one a distinct 'name'");
            }
        }
    }

    /// <summary>
    /// The one key-alias check: returns the key an overlay signs with — its <c>key</c>, or the only configured key when
    /// it names none (see <see cref="WithOnlyKey"/>) — or reports why there is none (unknown alias with the closest
    /// configured one; no key given beside zero or several keys).
    /// </summary>
    /// <param name="overlay">The overlay.</param>
    /// <param name="keys">The configured keys.</param>
    /// <param name="errors">Receives the problem.</param>
    /// <returns>The key, or null when there is none.</returns>
    public static KeyDefinition? KeyOf(OverlayDefinition overlay, IReadOnlyCollection<KeyDefinition> keys, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(errors);
        var aliases = keys.Select(k => k.Alias).Distinct(StringComparer.Ordinal).ToList();
        var alias = WithOnlyKey(overlay, aliases).Key;
        if (alias is null)
        {
            errors.Add(overlay.Origin, $"overlays.{overlay.Name}.key", NoKeyGiven(aliases));
            return null;
        }

        if (keys.LastOrDefault(k => k.Alias == alias) is { } key)
        {
            return key;
        }

        errors.Add(overlay.Origin, $"overlays.{overlay.Name}.key",
            NameSuggestions.Unknown("key alias", alias, aliases).Replace("known:", "configured keys:", StringComparison.Ordinal));
        return null;
    }

    /// <summary>
    /// An overlay that names no key uses the configuration's only key (py-ipv8 files always name one; ours may omit it).
    /// With zero or several keys the overlay is returned as it is and <see cref="NoKeyGiven"/> says what to choose.
    /// </summary>
    /// <param name="overlay">The overlay.</param>
    /// <param name="aliases">The configured key aliases.</param>
    /// <returns>The overlay with its key.</returns>
    public static OverlayDefinition WithOnlyKey(OverlayDefinition overlay, IReadOnlyCollection<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(aliases);
        return overlay.Key is null && aliases.Count == 1 ? overlay with { Key = aliases.First() } : overlay;
    }

    /// <summary>The error for an overlay without a key when the configuration does not have exactly one.</summary>
    internal static string NoKeyGiven(IReadOnlyCollection<string> aliases) => aliases.Count == 0
        ? "no key given and no keys are configured; add one under 'keys'"
        : $"no key given and the configuration has {aliases.Count} keys; choose one with 'key': {string.Join(", ", aliases.Order(StringComparer.Ordinal))}";
}
