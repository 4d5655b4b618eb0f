using Ipv8;
using Ipv8.Discovery;
using Ipv8.Messaging;

namespace SampleChat;

/// <summary>
/// Walks to the overlay's walkable addresses in turn, in address order, instead of at random: each step walks to the next
/// address after the previous one (wrapping around) that was not walked to within
/// <see cref="RoundRobinWalkOptions.RevisitAfter"/>; every <see cref="RoundRobinWalkOptions.IntroductionEvery"/>-th step, or
/// when there is nothing to walk to, it asks for a new introduction instead (a random peer, or the bootstrappers when the
/// overlay has no peers). Deterministic for a given network view, so every known address is tried within one round.
/// </summary>
/// <remarks>
/// Bounded: at most <see cref="RoundRobinWalkOptions.MaxTracked"/> recent walks are remembered (the oldest is forgotten
/// first). An address whose revisit time passed without a verified peer behind it is removed from the network, as
/// py-ipv8's RandomWalk does on timeout. Call <see cref="TakeStep"/> under the network lock (the walk loop does).
/// </remarks>
[ComponentOptions(typeof(RoundRobinWalkOptions))]
public sealed class RoundRobinWalk : IDiscoveryStrategy
{
    private readonly IDiscoveryOverlay _overlay;
    private readonly Dictionary<UdpAddress, DateTimeOffset> _walked = [];
    private readonly List<UdpAddress> _scratch = [];
    private UdpAddress? _last;
    private long _steps;

    /// <summary>Creates the strategy for <paramref name="overlay"/>.</summary>
    /// <param name="overlay">The overlay to walk for.</param>
    /// <param name="options">The settings (defaults: <c>new RoundRobinWalkOptions()</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public RoundRobinWalk(IDiscoveryOverlay overlay, RoundRobinWalkOptions options)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _overlay = overlay;
        Options = options;
    }

    /// <summary>Gets the settings.</summary>
    public RoundRobinWalkOptions Options { get; }

    /// <summary>Gets the number of walks made (steps that walked to an address).</summary>
    public long Walks { get; private set; }

    /// <summary>Gets the number of steps that asked for an introduction instead.</summary>
    public long Introductions { get; private set; }

    /// <summary>Gets the number of walked-to addresses currently remembered.</summary>
    public int TrackedCount => _walked.Count;

    /// <inheritdoc/>
    public void TakeStep()
    {
        var now = _overlay.TimeProvider.GetUtcNow();
        Expire(now);
        _steps++;
        if (_steps % Options.IntroductionEvery == 0 || Next() is not { } next)
        {
            Introductions++;
            _overlay.GetNewIntroduction();
            return;
        }

        _overlay.WalkTo(next);
        Walks++;
        _last = next;
        if (_walked.Count >= Options.MaxTracked)
        {
            _walked.Remove(_walked.MinBy(p => p.Value).Key);
        }

        _walked[next] = now;
    }

    /// <summary>The first candidate after the previous walk in address order, else the first candidate; null when none.</summary>
    private UdpAddress? Next()
    {
        UdpAddress? first = null;
        UdpAddress? after = null;
        foreach (var address in _overlay.GetWalkableAddresses())
        {
            if (_walked.ContainsKey(address))
            {
                continue;
            }

            if (first is null || AddressOrder.Compare(address, first.Value) < 0)
            {
                first = address;
            }

            if (_last is { } last && AddressOrder.Compare(address, last) > 0 && (after is null || AddressOrder.Compare(address, after.Value) < 0))
            {
                after = address;
            }
        }

        return after ?? first;
    }

    private void Expire(DateTimeOffset now)
    {
        _scratch.Clear();
        foreach (var (address, at) in _walked)
        {
            if (at + Options.RevisitAfter <= now)
            {
                _scratch.Add(address);
            }
        }

        foreach (var address in _scratch)
        {
            _walked.Remove(address);
            if (_overlay.Network.GetVerifiedByAddress(address) is null)
            {
                _overlay.Network.RemoveByAddress(address);
            }
        }

        _scratch.Clear();
    }
}
