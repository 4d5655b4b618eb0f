namespace Launcher;

/// <summary>"Did you mean" helper: the closest known name by Levenshtein distance (case-insensitive).</summary>
public static class NameSuggestions
{
    /// <summary>
    /// Returns the known name closest to <paramref name="name"/>, or null when nothing is reasonably close
    /// (distance greater than a third of the longer name, at least 2).
    /// </summary>
    /// <param name="name">The unknown name.</param>
    /// <param name="known">The candidates.</param>
    /// <returns>The suggestion, or null.</returns>
    public static string? Closest(string name, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(known);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(name.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        if (best is null)
        {
            return null;
        }

        var limit = Math.Max(2, Math.Max(name.Length, best.Length) / 3);
        return bestDistance <= limit ? best : null;
    }

    /// <summary>
    /// Formats "unknown X 'name'; did you mean 'Y'? known: A, B, C" (the hint only when a close match exists).
    /// </summary>
    /// <param name="what">What kind of thing is unknown, e.g. <c>walk strategy</c>.</param>
    /// <param name="name">The unknown name.</param>
    /// <param name="known">The known names.</param>
    /// <returns>The message.</returns>
    public static string Unknown(string what, string name, IEnumerable<string> known)
    {
        var list = known.Order(StringComparer.Ordinal).ToList();
        var closest = Closest(name, list);
        var hint = closest is null ? "" : $"; did you mean '{closest}'?";
        var names = list.Count == 0 ? "(none)" : string.Join(", ", list);
        return $"unknown {what} '{name}'{hint} known: {names}";
    }

    /// <summary>Levenshtein edit distance (insert, delete, substitute; each costs 1).</summary>
    /// <param name="a">First string.</param>
    /// <param name="b">Second string.</param>
    /// <returns>The distance.</returns>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
