using System.Text.Json;

namespace Launcher.Tests.EndToEnd;

/// <summary>One line of a <c>--report</c> file: an overlay, its own mid and address, and the peers it knows.</summary>
internal sealed record ReportLine(string Overlay, string CommunityId, string Mid, string Address, IReadOnlyList<(string Address, string Mid)> Peers)
{
    /// <summary>Reads every complete line written so far (the file is shared with the writing process).</summary>
    public static IReadOnlyList<ReportLine> ReadAll(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        string text;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream))
        {
            text = reader.ReadToEnd();
        }

        var lines = new List<ReportLine>();
        var complete = text.EndsWith('\n') ? text : text[..(text.LastIndexOf('\n') + 1)];
        foreach (var line in complete.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var peers = root.GetProperty("peers").EnumerateArray()
                .Select(p => (p.GetProperty("address").GetString()!, p.GetProperty("mid").GetString()!)).ToList();
            lines.Add(new ReportLine(
                root.GetProperty("overlay").GetString()!,
                root.GetProperty("community_id").GetString()!,
                root.GetProperty("mid").GetString()!,
                root.GetProperty("address").GetString()!,
                peers));
        }

        return lines;
    }

    /// <summary>True when this line lists <paramref name="other"/> (same mid at the address it reports for itself).</summary>
    public bool Lists(ReportLine other) => Peers.Any(p => p.Mid == other.Mid && p.Address == other.Address);
}
