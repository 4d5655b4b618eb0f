using Ipv8.Peers;
using Microsoft.Extensions.Logging;

namespace Ipv8.Discovery;

/// <summary>
/// Keeps an overlay's peers alive by pinging them (a subset of py-ipv8's DHT <c>PingChurn</c>, spec 8.6, for overlays
/// without a DHT routing table): every peer of the overlay whose last ping is older than
/// <see cref="PingChurnOptions.PingInterval"/> is pinged, and a peer that has not answered anything for
/// <see cref="PingChurnOptions.DropTime"/> since it was first pinged is removed from the network.
/// </summary>
/// <remarks>
/// <para>Not done (needs a DHT): routing-table maintenance, removing peers that fit no routing table, adding routing-table
/// nodes as verified peers.</para>
/// <para>"Answered" means any datagram from the peer's address reached a community (<see cref="Peer.LastResponse"/>), a pong
/// included. A peer is removed when it was pinged, has not answered since the first unanswered ping, and its last answer
/// (or, if it never answered, that first ping) is older than the drop time. Needs an <see cref="IPingOverlay"/>. The
/// per-peer records are forgotten as soon as the peer leaves the overlay, so they are bounded by its peer count.
/// Call <see cref="TakeStep"/> under the network lock.</para>
/// </remarks>
[ComponentOptions(typeof(PingChurnOptions))]
public sealed class PingChurn : IDiscoveryStrategy
{
    private readonly IPingOverlay _overlay;
    private readonly ServiceId _service;
    private readonly Dictionary<Peer, Record> _records = [];
    private readonly List<Peer> _peers = [];
    private readonly List<Peer> _scratch = [];
    private long _step;
    private long _dropped;
    private long _pings;

    /// <summary>Creates the strategy for <paramref name="overlay"/>.</summary>
    /// <param name="overlay">The overlay; must implement <see cref="IPingOverlay"/>.</param>
    /// <param name="options">The settings (defaults: <c>new PingChurnOptions()</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="overlay"/> cannot send pings.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public PingChurn(IDiscoveryOverlay overlay, PingChurnOptions options)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _overlay = overlay as IPingOverlay
            ?? throw new ArgumentException($"PingChurn needs an overlay that can ping (IPingOverlay, e.g. DiscoveryCommunity); {overlay.GetType().Name} cannot.", nameof(overlay));
        _service = ServiceId.From(overlay.CommunityId.Span);
        Options = options;
    }

    /// <summary>Gets the settings.</summary>
    public PingChurnOptions Options { get; }

    /// <summary>Gets the number of peers removed so far.</summary>
    public long Dropped => _dropped;

    /// <summary>Gets the number of pings sent so far.</summary>
    public long Pings => _pings;

    /// <inheritdoc/>
    public void TakeStep()
    {
        var now = _overlay.TimeProvider.GetUtcNow();
        var network = _overlay.Network;
        _step++;
        _peers.Clear();
        network.CopyPeersForService(_service, _peers);
        foreach (var peer in _peers)
        {
            if (!_records.TryGetValue(peer, out var record))
            {
                record = new Record();
                _records[peer] = record;
            }

            record.Seen = _step;
            var heard = peer.LastResponse;
            if (record.PendingSince is { } pending && heard is { } answered && answered >= pending)
            {
                record.PendingSince = null;
            }

            if (record.PendingSince is { } since && now - (heard ?? since) > Options.DropTime)
            {
                network.RemovePeer(peer);
                record.Seen = 0;
                _dropped++;
                if (_overlay.Logger.IsEnabled(LogLevel.Debug))
                {
                    Log.PeerDropped(_overlay.Logger, peer, nameof(PingChurn));
                }

                continue;
            }

            if (record.LastPing is not { } lastPing || now - lastPing >= Options.PingInterval)
            {
                record.LastPing = now;
                record.PendingSince ??= now;
                _pings++;
                _overlay.SendPing(peer);
            }
        }

        _peers.Clear();
        ForgetUnseen();
    }

    private void ForgetUnseen()
    {
        _scratch.Clear();
        foreach (var (peer, record) in _records)
        {
            if (record.Seen != _step)
            {
                _scratch.Add(peer);
            }
        }

        foreach (var peer in _scratch)
        {
            _records.Remove(peer);
        }

        _scratch.Clear();
    }

    private sealed class Record
    {
        public long Seen { get; set; }

        public DateTimeOffset? LastPing { get; set; }

        public DateTimeOffset? PendingSince { get; set; }
    }
}
