using System.Text;
using System.Text.Json;
using Ipv8.Tracker;

namespace Launcher.Cli;

/// <summary>
/// Writes the <c>launcher tracker --report</c> file: JSON lines in the shape of <see cref="OverlayReportWriter"/>'s, one per
/// call (the command writes one per second): <c>{"time":…, "overlay": "tracker", "mid": hex, "address": "ip:port",
/// "peer_count": n, "community_count": n, "pending_pings": n, "counters": {"malformed": n, ..., "limiter_*": n,
/// "tracker_*": n}}</c>. <c>counters</c> holds <see cref="TrackerCounters.ToFlatDictionary"/>. A tracker may hold tens of
/// thousands of peers, so the line carries their number rather than a <c>peers</c> list. Lines are flushed as written so
/// another process can follow the file.
/// </summary>
internal sealed class TrackerReportWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a writer on <paramref name="writer"/>; the writer is owned and disposed.</summary>
    public TrackerReportWriter(TextWriter writer, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _writer = writer;
        _timeProvider = timeProvider;
    }

    /// <summary>Opens (truncates) <paramref name="path"/> for writing.</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public static TrackerReportWriter Create(string path, TimeProvider timeProvider)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        return new TrackerReportWriter(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true }, timeProvider);
    }

    /// <summary>Writes one line for <paramref name="tracker"/>.</summary>
    public void Write(TrackerService tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("time", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
            json.WriteString("overlay", "tracker");
            json.WriteString("mid", tracker.PrivateKey.PublicKey.MidHex);
            json.WriteString("address", tracker.Endpoint.LocalAddress.ToString());
            json.WriteNumber("peer_count", tracker.PeerCount);
            json.WriteNumber("community_count", tracker.CommunityCount);
            json.WriteNumber("pending_pings", tracker.PendingPingCount);
            json.WriteStartObject("counters");
            foreach (var (counter, value) in tracker.Counters.ToFlatDictionary())
            {
                json.WriteNumber(counter, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        _writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}
