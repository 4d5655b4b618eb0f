using System.Text;
using System.Text.Json;
using Ipv8.Communities;
using Ipv8.Peers;
using Ipv8.Rendezvous;

namespace Launcher.Cli;

/// <summary>
/// Writes the <c>--report</c> file: JSON lines, one per overlay at every status tick (once a second):
/// <c>{"time":…, "overlay":…, "community_id": hex, "mid": hex, "address": "ip:port",
/// "peers": [{"address": "ip:port", "mid": hex, "public_key": hex}], "counters": {"bad_signature": n, ...}}</c>.
/// <c>counters</c> holds <see cref="CommunityCounters.ToFlatDictionary"/>: the overlay's drops by snake_case
/// <see cref="Ipv8.Messaging.DropReason"/>, its receive limiter (<c>limiter_*</c>), its endpoint (<c>endpoint_*</c>),
/// network and request-cache bounds. Lines are flushed as written so another process can follow the file.
/// </summary>
internal sealed class OverlayReportWriter : IDisposable
{
    private readonly TextWriter _writer;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a writer on <paramref name="writer"/>; the writer is owned and disposed.</summary>
    public OverlayReportWriter(TextWriter writer, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _writer = writer;
        _timeProvider = timeProvider;
    }

    /// <summary>
    /// Gets or sets what a line says about the connectivity node of an overlay's host: its NAT class and how many pipes
    /// are open on its server (<c>"nat"</c>, <c>"open_pipes"</c>), or null when the host has no node (the keys are then
    /// left out). Default null: no connectivity keys.
    /// </summary>
    public Func<Community, (string Nat, int OpenPipes)?>? ConnectivityOf { get; set; }

    /// <summary>Opens (truncates) <paramref name="path"/> for writing.</summary>
    /// <exception cref="IOException">The file cannot be created.</exception>
    public static OverlayReportWriter Create(string path, TimeProvider timeProvider)
    {
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
        return new OverlayReportWriter(new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true }, timeProvider);
    }

    /// <summary>Writes one line per overlay (the periodic report).</summary>
    public void WriteAll(IEnumerable<(string Name, Community Overlay)> overlays)
    {
        ArgumentNullException.ThrowIfNull(overlays);
        foreach (var (name, overlay) in overlays)
        {
            WriteLine(name, overlay);
        }
    }

    /// <summary>
    /// Gets or sets what the node's <c>discovery</c> section found for an overlay's host: peers by requested namespace
    /// (<c>OverlayHost.GetDiscovered</c>); lines gain <c>"discovered": {"ns": [{"mid": hex, "address": "ip:port"}]}</c> when
    /// it returns any namespace. Null (default) = no such field.
    /// </summary>
    public Func<Community, IReadOnlyDictionary<string, IReadOnlyList<DiscoveredPeer>>?>? Discovered { get; set; }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();

    private void WriteLine(string name, Community overlay)
    {
        IReadOnlyList<Peer> peers;
        lock (overlay.Network.SyncRoot)
        {
            peers = overlay.GetPeers();
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("time", _timeProvider.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0);
            json.WriteString("overlay", name);
            json.WriteString("community_id", Convert.ToHexStringLower(overlay.CommunityId.Span));
            json.WriteString("mid", overlay.MyPeer.PublicKey.MidHex);
            json.WriteString("address", overlay.Endpoint.LocalAddress.ToString());
            json.WriteStartArray("peers");
            foreach (var peer in peers)
            {
                json.WriteStartObject();
                json.WriteString("address", peer.Address.ToString());
                json.WriteString("mid", peer.PublicKey.MidHex);
                json.WriteString("public_key", Convert.ToHexStringLower(peer.PublicKey.KeyBin));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (ConnectivityOf?.Invoke(overlay) is { } connectivity)
            {
                json.WriteString("nat", connectivity.Nat);
                json.WriteNumber("open_pipes", connectivity.OpenPipes);
            }

            json.WriteStartObject("counters");
            foreach (var (counter, value) in overlay.GetCounters().ToFlatDictionary())
            {
                json.WriteNumber(counter, value);
            }

            json.WriteEndObject();
            if (Discovered?.Invoke(overlay) is { Count: > 0 } discovered)
            {
                json.WriteStartObject("discovered");
                foreach (var (ns, found) in discovered)
                {
                    json.WriteStartArray(ns);
                    foreach (var peer in found)
                    {
                        json.WriteStartObject();
                        json.WriteString("mid", peer.MidHex);
                        json.WriteString("address", peer.Addresses.Count > 0 ? peer.Addresses[0].ToString() : "");
                        json.WriteEndObject();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        _writer.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
