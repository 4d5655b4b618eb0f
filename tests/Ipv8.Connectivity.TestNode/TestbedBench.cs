using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Ipv8.Connectivity.TestNode;

/// <summary>
/// The NAT-pair × rung benchmark: builds the testbed, and for each pair starts a serving node and a connecting node that
/// connects <c>count</c> times through the full ladder (direct, reverse, tcp_punch), echoing once per pipe; prints a
/// Markdown table of the rung that won, how often, and the time to the pipe (p50/p95, total and of the winning rung).
/// </summary>
public static class TestbedBench
{
    /// <summary>The pairs measured: (requester, responder).</summary>
    public static IReadOnlyList<(string From, string To)> Pairs { get; } =
    [
        ("pr1", "open"), ("open", "pr1"), ("pr1", "eim"), ("eim", "pr1"), ("pr1", "pr2"), ("sym1", "eim"), ("sym1", "pr1"), ("sym1", "sym2"),
    ];

    /// <summary>Runs the benchmark; returns the table.</summary>
    public static async Task<string> RunAsync(string nodePath, int count, string budgets, TextWriter progress)
    {
        await using var bed = NatTestbed.Build(nodePath);
        await bed.StartServerAsync(TimeSpan.FromMinutes(30)).ConfigureAwait(false);
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| requester → responder | NAT classes (as classified) | rung that won | pipes | time to pipe p50 / p95 | winning rung p50 / p95 | why the others failed (first connect) |");
        table.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (from, to) in Pairs)
        {
            var row = await MeasureAsync(bed, bed.Hosts[from], bed.Hosts[to], count, budgets).ConfigureAwait(false);
            progress.WriteLine(row);
            table.AppendLine(row);
        }

        return table.ToString();
    }

    private static async Task<string> MeasureAsync(NatTestbed bed, TestbedHost from, TestbedHost to, int count, string budgets)
    {
        var lifetime = TimeSpan.FromSeconds(60 + (count * 10));
        await using var server = bed.StartNode(to, "serve", [], lifetime);
        var serverNat = await server.WaitForLineAsync("NAT ", TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        var record = await server.WaitForLineAsync("RECORD ", TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        await using var client = bed.StartNode(from, "connect", ["--record", record, "--count", count.ToString(CultureInfo.InvariantCulture), "--budgets-ms", budgets], lifetime);
        await client.WaitForExitAsync(lifetime).ConfigureAwait(false);
        var clientNat = client.Lines.FirstOrDefault(l => l.StartsWith("NAT ", StringComparison.Ordinal))?[4..] ?? "?";
        var results = client.Lines.Where(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[7..]).RootElement.Clone()).ToList();
        var won = results.Where(r => r.GetProperty("method").GetString() != "none").ToList();
        var methods = won.GroupBy(r => r.GetProperty("method").GetString()).Select(g => $"{g.Key} ({g.Count()})").ToList();
        var totals = won.Select(r => r.GetProperty("elapsed_ms").GetDouble()).ToList();
        var rungs = won.Select(r => r.GetProperty("attempts").EnumerateArray().Last().GetProperty("elapsed_ms").GetDouble()).ToList();
        var firstFailures = results.Count == 0 ? "no result" : string.Join("; ", results[0].GetProperty("attempts").EnumerateArray()
            .Where(a => a.GetProperty("result").GetString() != "ok")
            .Select(a => $"{a.GetProperty("method").GetString()}: {a.GetProperty("result").GetString()}"));
        return $"| {from.Name} ({Describe(from.Kind)}) → {to.Name} ({Describe(to.Kind)}) | {Short(clientNat)} → {Short(serverNat)} | {(methods.Count == 0 ? "none" : string.Join(", ", methods))} | {won.Count}/{results.Count} | {Percentiles(totals)} | {Percentiles(rungs)} | {firstFailures.Replace("|", "/", StringComparison.Ordinal)} |";
    }

    private static string Describe(NatKind kind) => kind switch
    {
        NatKind.Open => "open host",
        NatKind.EndpointIndependent => "full cone",
        NatKind.PortRestricted => "port-restricted",
        _ => "symmetric, random ports",
    };

    private static string Short(string nat) => nat.Replace("mapping=", string.Empty, StringComparison.Ordinal).Replace(" filtering=", "/", StringComparison.Ordinal).Replace(" allocation=", "/", StringComparison.Ordinal);

    private static string Percentiles(List<double> values)
    {
        if (values.Count == 0)
            return "–";
        values.Sort();
        return string.Create(CultureInfo.InvariantCulture, $"{Percentile(values, 0.5):0} ms / {Percentile(values, 0.95):0} ms");
    }

    // Nearest-rank percentile.
    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
}
