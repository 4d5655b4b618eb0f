using Ipv8.Messaging;
using Ipv8.Peers;
using Microsoft.Extensions.Logging;

namespace Ipv8.Discovery;

/// <summary>
/// Pings random peers that went quiet and removes those that stay silent (py-ipv8 <c>RandomChurn</c>, spec 8.4). Works on
/// all verified peers of the shared network; needs an overlay that can ping (<see cref="IPingOverlay"/>, the
/// DiscoveryCommunity).
/// </summary>
/// <remarks>
/// Each step samples <c>min(sample_size, verified peers)</c> distinct peers. A sampled peer whose last response is older
/// than <see cref="RandomChurnOptions.DropTime"/> and whose address was pinged is removed from the network. A peer whose
/// last response is older than <see cref="RandomChurnOptions.InactiveTime"/>, or that has fewer than
/// <see cref="Peer.MaxPings"/> round-trip samples, is pinged unless its address was pinged less than
/// <see cref="RandomChurnOptions.PingInterval"/> ago. A peer that never responded (no <see cref="Peer.LastResponse"/>) is
/// never removed, as in py-ipv8. The ping records are bounded: records of addresses no verified peer uses are pruned when
/// they outnumber the peers. Call <see cref="TakeStep"/> under the network lock.
/// </remarks>
[ComponentOptions(typeof(RandomChurnOptions))]
public sealed class RandomChurn : IDiscoveryStrategy
{
    private readonly IPingOverlay _overlay;
    private readonly Dictionary<UdpAddress, DateTimeOffset> _pinged = [];
    private readonly List<Peer> _peers = [];
    private readonly List<UdpAddress> _scratch = [];
    private long _dropped;
    private long _pings;

    /// <summary>Creates the strategy for <paramref name="overlay"/>.</summary>
    /// <param name="overlay">The overlay; must implement <see cref="IPingOverlay"/>.</param>
    /// <param name="options">The settings (py-ipv8 defaults: <c>new RandomChurnOptions()</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="overlay"/> cannot send pings.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public RandomChurn(IDiscoveryOverlay overlay, RandomChurnOptions options)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _overlay = overlay as IPingOverlay
            ?? throw new ArgumentException($"RandomChurn needs an overlay that can ping (IPingOverlay, e.g. DiscoveryCommunity); {overlay.GetType().Name} cannot.", nameof(overlay));
        Options = options;
    }

    /// <summary>Gets the settings.</summary>
    public RandomChurnOptions Options { get; }

    /// <summary>Gets the number of peers removed so far.</summary>
    public long Dropped => _dropped;

    /// <summary>Gets the number of pings sent so far.</summary>
    public long Pings => _pings;

    /// <summary>Gets the number of addresses with a ping record.</summary>
    public int PingRecords => _pinged.Count;

    /// <inheritdoc/>
    public void TakeStep()
    {
        var network = _overlay.Network;
        _peers.Clear();
        network.CopyVerifiedPeers(_peers);
        var count = Math.Min(_peers.Count, Options.SampleSize);
        var now = _overlay.TimeProvider.GetUtcNow();
        var random = _overlay.Random;
        for (var i = 0; i < count; i++)
        {
            // Partial Fisher-Yates: a uniform sample without replacement in the first `count` slots.
            var j = i + random.Next(_peers.Count - i);
            (_peers[i], _peers[j]) = (_peers[j], _peers[i]);
            Check(_peers[i], now);
        }

        _peers.Clear();
        if (_pinged.Count > 2 * network.VerifiedPeerCount + Options.SampleSize)
        {
            Prune(network);
        }
    }

    private void Check(Peer peer, DateTimeOffset now)
    {
        var address = peer.Address;
        var last = peer.LastResponse;
        if (last is { } heard && now > heard + Options.DropTime && _pinged.ContainsKey(address))
        {
            _overlay.Network.RemovePeer(peer);
            _pinged.Remove(address);
            _dropped++;
            if (_overlay.Logger.IsEnabled(LogLevel.Debug))
            {
                Log.PeerDropped(_overlay.Logger, peer, nameof(RandomChurn));
            }

            return;
        }

        if ((last is { } seen && now > seen + Options.InactiveTime) || peer.PingCount < Peer.MaxPings)
        {
            if (_pinged.TryGetValue(address, out var pingedAt) && now > pingedAt + Options.PingInterval)
            {
                _pinged.Remove(address);
            }

            if (!_pinged.ContainsKey(address))
            {
                _pinged[address] = now;
                _pings++;
                _overlay.SendPing(peer);
            }
        }
    }

    private void Prune(Network network)
    {
        _scratch.Clear();
        foreach (var address in _pinged.Keys)
        {
            if (network.GetVerifiedByAddress(address) is null)
            {
                _scratch.Add(address);
            }
        }

        foreach (var address in _scratch)
        {
            _pinged.Remove(address);
        }

        _scratch.Clear();
    }
}
