using Ipv8.Peers;

namespace Ipv8.Discovery;

/// <summary>
/// Regularly tells a random peer which overlays we run (py-ipv8 <c>PeriodicSimilarity</c>, spec 8.5): at most once per
/// <see cref="PeriodicSimilarityOptions.Interval"/> (1 s), and only while the network has verified peers, sends similarity
/// requests to one verified peer picked at random network-wide. Needs an <see cref="ISimilarityOverlay"/>
/// (the DiscoveryCommunity). Call <see cref="TakeStep"/> under the network lock.
/// </summary>
[ComponentOptions(typeof(PeriodicSimilarityOptions))]
public sealed class PeriodicSimilarity : IDiscoveryStrategy
{
    private readonly ISimilarityOverlay _overlay;
    private readonly List<Peer> _peers = [];
    private DateTimeOffset? _lastStep;
    private long _requests;

    /// <summary>Creates the strategy for <paramref name="overlay"/>.</summary>
    /// <param name="overlay">The overlay; must implement <see cref="ISimilarityOverlay"/>.</param>
    /// <param name="options">The settings (defaults: <c>new PeriodicSimilarityOptions()</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="overlay"/> cannot send similarity requests.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public PeriodicSimilarity(IDiscoveryOverlay overlay, PeriodicSimilarityOptions options)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _overlay = overlay as ISimilarityOverlay
            ?? throw new ArgumentException($"PeriodicSimilarity needs an overlay that sends similarity requests (ISimilarityOverlay, e.g. DiscoveryCommunity); {overlay.GetType().Name} does not.", nameof(overlay));
        Options = options;
    }

    /// <summary>Gets the settings.</summary>
    public PeriodicSimilarityOptions Options { get; }

    /// <summary>Gets the number of peers sent similarity requests so far.</summary>
    public long Requests => _requests;

    /// <inheritdoc/>
    public void TakeStep()
    {
        var now = _overlay.TimeProvider.GetUtcNow();
        if (_lastStep is { } last && now - last < Options.Interval)
        {
            return;
        }

        _peers.Clear();
        _overlay.Network.CopyVerifiedPeers(_peers);
        if (_peers.Count == 0)
        {
            return;
        }

        _lastStep = now;
        var peer = _peers[_overlay.Random.Next(_peers.Count)];
        _peers.Clear();
        _requests++;
        _overlay.SendSimilarityRequest(peer.Address);
    }
}
