using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Reachability;

namespace Ipv8.Connectivity.TestNode;

/// <summary>The bulk transfer and round-trip measurements of the <c>connect</c> command.</summary>
internal static class PipeTransfer
{
    private const int MessageSize = 60 * 1024;
    private const long MiB = 1024 * 1024;

    /// <summary>The <c>RESULT</c> line's JSON: the method that won (<c>none</c> when all failed), the time to the pipe, the reply and every attempt.</summary>
    public static string ResultJson(string method, TimeSpan elapsed, string reply, IEnumerable<RungAttempt> attempts) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["method"] = method,
            ["elapsed_ms"] = Math.Round(elapsed.TotalMilliseconds, 1),
            ["reply"] = reply,
            ["attempts"] = attempts.Select(a => new Dictionary<string, object> { ["method"] = a.Method, ["result"] = a.Result, ["elapsed_ms"] = Math.Round(a.Elapsed.TotalMilliseconds, 1) }).ToList(),
        });

    /// <summary>
    /// Connects to the peer's <c>sha256-sink</c> (printing a <c>RESULT</c> line for that connect) and sends <c>--send-mb</c> MiB of fresh random data, optionally spread
    /// over <c>--send-seconds</c>, then compares the peer's SHA-256 with its own. Prints <c>TRANSFER {json}</c> on
    /// success or mismatch, <c>TRANSFER-FAILED {json}</c> when the pipe breaks; returns whether the digests matched.
    /// </summary>
    public static async Task<bool> RunAsync(Connector connector, ReachabilityRecord remote, Arguments options, CancellationToken cancellationToken)
    {
        var total = options.GetInt("send-mb", 0) * MiB;
        var spread = TimeSpan.FromSeconds(options.GetInt("send-seconds", 0));
        var progressEvery = options.GetInt("progress-mb", 0) * MiB;
        ConnectResult result;
        var connecting = Stopwatch.StartNew();
        try
        {
            result = await connector.ConnectAsync(remote, HashSinkPipeHandler.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (ConnectionFailedException e)
        {
            Output.Line("RESULT " + ResultJson("none", connecting.Elapsed, string.Empty, e.Attempts));
            return false;
        }

        Output.Line("RESULT " + ResultJson(result.Method, result.Elapsed, string.Empty, result.Attempts));
        await using var pipe = result.Pipe;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[MessageSize];
        long sent = 0;
        long nextProgress = progressEvery;
        var watch = Stopwatch.StartNew();
        Output.Line(string.Create(CultureInfo.InvariantCulture, $"TRANSFER-START {total}"));
        try
        {
            while (sent < total)
            {
                var size = (int)Math.Min(MessageSize, total - sent);
                RandomNumberGenerator.Fill(chunk.AsSpan(0, size));
                hash.AppendData(chunk, 0, size);
                await pipe.SendAsync(chunk.AsMemory(0, size), cancellationToken).ConfigureAwait(false);
                sent += size;
                if (progressEvery > 0 && sent >= nextProgress)
                {
                    Output.Line(string.Create(CultureInfo.InvariantCulture, $"PROGRESS {sent}"));
                    nextProgress += progressEvery;
                }

                // Pacing, when asked: the transfer is stretched so that it outlasts an allocation refresh.
                if (spread > TimeSpan.Zero && spread * ((double)sent / total) - watch.Elapsed is { } ahead && ahead > TimeSpan.Zero)
                    await Task.Delay(ahead, cancellationToken).ConfigureAwait(false);
            }

            await pipe.SendAsync(ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
            var digest = await pipe.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            watch.Stop();
            var matched = digest is not null && digest.AsSpan().SequenceEqual(hash.GetHashAndReset());
            Output.Line("TRANSFER " + JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["method"] = result.Method,
                ["bytes"] = sent,
                ["ms"] = watch.ElapsedMilliseconds,
                ["mib_s"] = Math.Round(sent / (double)MiB / watch.Elapsed.TotalSeconds, 1),
                ["sha256"] = matched ? "match" : "mismatch",
            }));
            return matched;
        }
        catch (Exception e) when (e is IOException or PipeException or SocketException or ObjectDisposedException)
        {
            Output.Line("TRANSFER-FAILED " + JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["method"] = result.Method,
                ["bytes"] = sent,
                ["ms"] = watch.ElapsedMilliseconds,
                ["error"] = $"{e.GetType().Name}: {e.Message}",
            }));
            return false;
        }
    }

    /// <summary>Runs <paramref name="count"/> 32-byte echo round trips on <paramref name="pipe"/>; returns the RTT percentiles as JSON.</summary>
    public static async Task<string> RoundTripsAsync(SecurePipe pipe, int count, CancellationToken cancellationToken)
    {
        var ping = new byte[32];
        var rtts = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var watch = Stopwatch.StartNew();
            await pipe.SendAsync(ping, cancellationToken).ConfigureAwait(false);
            _ = await pipe.ReceiveAsync(cancellationToken).ConfigureAwait(false) ?? throw new IOException("the peer closed the pipe during the round trips");
            rtts.Add(watch.Elapsed.TotalMilliseconds);
        }

        rtts.Sort();
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["count"] = count,
            ["p50_ms"] = Math.Round(rtts[(count - 1) / 2], 3),
            ["p95_ms"] = Math.Round(rtts[Math.Clamp((int)Math.Ceiling(0.95 * count) - 1, 0, count - 1)], 3),
        });
    }
}
