using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Ipv8.Connectivity.TestNode;

/// <summary>
/// The NAT-pair × rung benchmark: builds the testbed, and for each pair starts a serving node and a connecting node that
/// connects <c>count</c> times through the ladder (by default direct, reverse, tcp_punch, relay; the relay is coturn on
/// the TURN host with a fresh auth secret), echoing once per pipe; prints a Markdown table of the rung that won, how
/// often, and the time to the pipe (p50/p95, total and of the winning rung). Then, in the same testbed, one pipe per
/// winning rung (direct, tcp_punch, relay) carries echo round trips and a bulk transfer checked by SHA-256.
/// </summary>
public static class TestbedBench
{
    /// <summary>The pairs measured: (requester, responder).</summary>
    public static IReadOnlyList<(string From, string To)> Pairs { get; } =
    [
        ("pr1", "open"), ("open", "pr1"), ("pr1", "eim"), ("eim", "pr1"), ("pr1", "pr2"), ("sym1", "eim"), ("sym1", "pr1"), ("seq1", "pr1"), ("pr1", "seq1"), ("sym1", "sym2"),
    ];

    /// <summary>The pairs whose pipe is measured for throughput and round trips, one per winning rung.</summary>
    public static IReadOnlyList<(string From, string To)> PipePairs { get; } = [("pr1", "open"), ("pr1", "pr2"), ("sym1", "sym2")];

    /// <summary>Runs the benchmark; returns the tables.</summary>
    /// <param name="nodePath">The node program.</param>
    /// <param name="count">Connects per pair.</param>
    /// <param name="methods">The ladder, comma-separated.</param>
    /// <param name="budgets">The rungs' budgets in milliseconds, comma-separated, in ladder order.</param>
    /// <param name="megabytes">MiB sent through each measured pipe (0: no pipe table).</param>
    /// <param name="roundTrips">Echo round trips on each measured pipe.</param>
    /// <param name="progress">Where each row is written as soon as it is measured.</param>
    /// <exception cref="InvalidOperationException">The ladder has <c>relay</c> and coturn is not installed, or the testbed cannot be built.</exception>
    public static async Task<string> RunAsync(string nodePath, int count, string methods, string budgets, int megabytes, int roundTrips, TextWriter progress)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(progress);
        var relay = methods.Split(',').Contains("relay");
        var secrets = Directory.CreateTempSubdirectory("l8n-bench-").FullName;
        try
        {
            var secretFile = Path.Combine(secrets, "auth-secret");
            var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            await File.WriteAllTextAsync(secretFile, secret).ConfigureAwait(false);
            string[] serverExtra = relay ? ["--methods", methods, "--accept-relay", NatTestbed.TurnAddress.ToString()] : ["--methods", methods];
            string[] clientExtra = relay
                ? ["--methods", methods, "--budgets-ms", budgets, "--turn", $"{NatTestbed.TurnAddress}:3478", "--turn-user", "bench", "--turn-secret-file", secretFile]
                : ["--methods", methods, "--budgets-ms", budgets];

            await using var bed = NatTestbed.Build(nodePath);
            await bed.StartServerAsync(TimeSpan.FromHours(1)).ConfigureAwait(false);
            await using var turn = relay ? await bed.StartTurnServerAsync(new TestbedTurnConfig { AuthSecret = secret }, TimeSpan.FromHours(1)).ConfigureAwait(false) : null;
            var table = new StringBuilder();
            table.AppendLine(CultureInfo.InvariantCulture, $"| requester → responder | NAT classes (as classified) | rung that won | pipes | time to pipe p50 / p95 | winning rung p50 / p95 | why the others failed (first connect) |");
            table.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var (from, to) in Pairs)
            {
                var row = await MeasureAsync(bed, bed.Hosts[from], bed.Hosts[to], count, serverExtra, clientExtra).ConfigureAwait(false);
                progress.WriteLine(row);
                table.AppendLine(row);
            }

            if (megabytes > 0)
            {
                table.AppendLine();
                table.AppendLine(CultureInfo.InvariantCulture, $"| pipe (requester → responder) | rung | echo round trip, 32 B, p50 / p95 | {megabytes} MiB, SHA-256 checked |");
                table.AppendLine("|---|---|---|---|");
                foreach (var (from, to) in PipePairs)
                {
                    var row = await MeasurePipeAsync(bed, bed.Hosts[from], bed.Hosts[to], megabytes, roundTrips, serverExtra, clientExtra).ConfigureAwait(false);
                    progress.WriteLine(row);
                    table.AppendLine(row);
                }
            }

            return table.ToString();
        }
        finally
        {
            Directory.Delete(secrets, recursive: true);
        }
    }

    private static async Task<string> MeasureAsync(NatTestbed bed, TestbedHost from, TestbedHost to, int count, string[] serverExtra, string[] clientExtra)
    {
        var lifetime = TimeSpan.FromSeconds(60 + (count * 20));
        await using var server = bed.StartNode(to, "serve", serverExtra, lifetime);
        var serverNat = await server.WaitForLineAsync("NAT ", TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        var record = await server.WaitForLineAsync("RECORD ", TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        await using var client = bed.StartNode(from, "connect", ["--record", record, "--count", count.ToString(CultureInfo.InvariantCulture), .. clientExtra], lifetime);
        await client.WaitForExitAsync(lifetime).ConfigureAwait(false);
        var clientNat = client.Lines.FirstOrDefault(l => l.StartsWith("NAT ", StringComparison.Ordinal))?[4..] ?? "?";
        var results = client.Lines.Where(l => l.StartsWith("RESULT ", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[7..]).RootElement.Clone()).ToList();
        var won = results.Where(r => r.GetProperty("method").GetString() != "none").ToList();
        var methods = won.GroupBy(r => r.GetProperty("method").GetString()).Select(g => $"{g.Key} ({g.Count()})").ToList();
        var totals = won.Select(r => r.GetProperty("elapsed_ms").GetDouble()).ToList();
        var rungs = won.Select(r => Winning(r).GetProperty("elapsed_ms").GetDouble()).ToList();
        var firstFailures = results.Count == 0 ? "no result" : string.Join("; ", results[0].GetProperty("attempts").EnumerateArray()
            .Where(a => a.GetProperty("result").GetString() != "ok")
            .Select(a => $"{a.GetProperty("method").GetString()}: {a.GetProperty("result").GetString()}"));
        return $"| {from.Name} ({Describe(from.Kind)}) → {to.Name} ({Describe(to.Kind)}) | {Short(clientNat)} → {Short(serverNat)} | {(methods.Count == 0 ? "none" : string.Join(", ", methods))} | {won.Count}/{results.Count} | {Percentiles(totals)} | {Percentiles(rungs)} | {firstFailures.Replace("|", "/", StringComparison.Ordinal)} |";
    }

    private static async Task<string> MeasurePipeAsync(NatTestbed bed, TestbedHost from, TestbedHost to, int megabytes, int roundTrips, string[] serverExtra, string[] clientExtra)
    {
        var lifetime = TimeSpan.FromSeconds(120 + megabytes);
        await using var server = bed.StartNode(to, "serve", serverExtra, lifetime);
        var record = await server.WaitForLineAsync("RECORD ", TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        await using var client = bed.StartNode(from, "connect",
            ["--record", record, "--count", "1", "--round-trips", roundTrips.ToString(CultureInfo.InvariantCulture), "--send-mb", megabytes.ToString(CultureInfo.InvariantCulture), .. clientExtra], lifetime);
        await client.WaitForExitAsync(lifetime).ConfigureAwait(false);
        var result = client.Lines.FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal)) is { } r ? JsonDocument.Parse(r[7..]).RootElement.Clone() : default;
        var rtt = client.Lines.FirstOrDefault(l => l.StartsWith("RTT ", StringComparison.Ordinal)) is { } t ? JsonDocument.Parse(t[4..]).RootElement.Clone() : default;
        var transfer = client.Lines.FirstOrDefault(l => l.StartsWith("TRANSFER ", StringComparison.Ordinal)) is { } x ? JsonDocument.Parse(x[9..]).RootElement.Clone() : default;
        var method = result.ValueKind == JsonValueKind.Object ? result.GetProperty("method").GetString() : "no result";
        var rtts = rtt.ValueKind == JsonValueKind.Object ? string.Create(CultureInfo.InvariantCulture, $"{rtt.GetProperty("p50_ms").GetDouble():0.00} ms / {rtt.GetProperty("p95_ms").GetDouble():0.00} ms") : "–";
        var bulk = transfer.ValueKind == JsonValueKind.Object
            ? string.Create(CultureInfo.InvariantCulture, $"{transfer.GetProperty("mib_s").GetDouble():0.0} MiB/s ({transfer.GetProperty("ms").GetInt64()} ms, {transfer.GetProperty("sha256").GetString()})")
            : client.Lines.FirstOrDefault(l => l.StartsWith("TRANSFER-FAILED ", StringComparison.Ordinal)) ?? "no transfer";
        return $"| {from.Name} ({Describe(from.Kind)}) → {to.Name} ({Describe(to.Kind)}) | {method} | {rtts} | {bulk.Replace("|", "/", StringComparison.Ordinal)} |";
    }

    // The winning attempt: the relay runs beside the others, so it is not always the last one listed.
    private static JsonElement Winning(JsonElement result) =>
        result.GetProperty("attempts").EnumerateArray().FirstOrDefault(a => a.GetProperty("result").GetString() == "ok") is { ValueKind: JsonValueKind.Object } ok
            ? ok
            : result.GetProperty("attempts").EnumerateArray().Last();

    private static string Describe(NatKind kind) => kind switch
    {
        NatKind.Open => "open host",
        NatKind.EndpointIndependent => "full cone",
        NatKind.PortRestricted => "port-restricted",
        NatKind.SymmetricSequential => "symmetric, sequential ports",
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
