using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Discovery;

/// <summary>
/// Walks to random known addresses (py-ipv8 <c>RandomWalk</c>, spec 8.2). Each step: forgets walks older than
/// <see cref="RandomWalkOptions.Timeout"/> (removing their address from the network unless a verified peer uses it); stops
/// when <see cref="RandomWalkOptions.TargetInterval"/> has not passed or <see cref="RandomWalkOptions.WindowSize"/> walks
/// are outstanding; then, with probability (256 − reset_chance)/256 and if a walkable address that is not outstanding
/// exists, walks to a random one of them, else asks for a new introduction (a random peer, or the bootstrappers).
/// </summary>
/// <remarks>
/// <para>Our addition (<see cref="RandomWalkOptions.EagerWalks"/>): an address a peer introduces that the network did not
/// know is walked to at once (from a zero-delay timer, after the response that named it is processed), within a budget
/// that each step refills, so only while the walk loop steps this strategy. Eager walks are outstanding (never repeated
/// within the timeout) but kept apart from the window's walks, so they never stall the steps.</para>
/// <para>As in py-ipv8, an outstanding walk is only forgotten by its timeout (an answer does not end it early), so at most
/// <see cref="RandomWalkOptions.WindowSize"/> walks are made per timeout. Steps allocate nothing beyond the overlay's
/// <see cref="IDiscoveryOverlay.GetWalkableAddresses"/> list. Call <see cref="TakeStep"/> under the network lock.</para>
/// </remarks>
[ComponentOptions(typeof(RandomWalkOptions))]
public sealed class RandomWalk : IDiscoveryStrategy
{
    private readonly IDiscoveryOverlay _overlay;
    private readonly Dictionary<UdpAddress, DateTimeOffset> _outstanding = [];

    // Eager walks apart from the window's walks: they must not fill the window and so stall the steps for a timeout.
    private readonly Dictionary<UdpAddress, DateTimeOffset> _eagerOutstanding = [];
    private readonly List<UdpAddress> _scratch = [];
    private readonly List<UdpAddress> _fresh = [];
    private DateTimeOffset _lastStep = DateTimeOffset.MinValue;
    private ITimer? _eagerTimer;
    private int _eagerBudget;
    private long _eagerWalks;

    /// <summary>Creates the strategy for <paramref name="overlay"/>.</summary>
    /// <param name="overlay">The overlay to walk for.</param>
    /// <param name="options">The settings (py-ipv8 defaults: <c>new RandomWalkOptions()</c>).</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public RandomWalk(IDiscoveryOverlay overlay, RandomWalkOptions options)
    {
        ArgumentNullException.ThrowIfNull(overlay);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        _overlay = overlay;
        Options = options;
        if (options.EagerWalks > 0)
        {
            overlay.Network.AddressIntroduced += OnAddressIntroduced;
        }
    }

    /// <summary>Gets the settings.</summary>
    public RandomWalkOptions Options { get; }

    /// <summary>Gets the number of walks outstanding (not yet timed out).</summary>
    public int OutstandingCount => _outstanding.Count + _eagerOutstanding.Count;

    /// <summary>Returns true when a walk to <paramref name="address"/> is outstanding.</summary>
    public bool IsOutstanding(UdpAddress address) => _outstanding.ContainsKey(address) || _eagerOutstanding.ContainsKey(address);

    /// <summary>Gets the number of walks made at once to freshly introduced addresses (<see cref="RandomWalkOptions.EagerWalks"/>).</summary>
    public long EagerWalkCount => Interlocked.Read(ref _eagerWalks);

    /// <inheritdoc/>
    public void TakeStep()
    {
        var now = _overlay.TimeProvider.GetUtcNow();
        _eagerBudget = Options.EagerWalks;
        ExpireOutstanding(now);

        if (Options.TargetInterval > TimeSpan.Zero && _lastStep + Options.TargetInterval >= now)
        {
            return;
        }

        if (Options.WindowSize > 0 && _outstanding.Count >= Options.WindowSize)
        {
            return;
        }

        var known = _overlay.GetWalkableAddresses();
        _scratch.Clear();
        for (var i = 0; i < known.Count; i++)
        {
            if (!IsOutstanding(known[i]))
            {
                _scratch.Add(known[i]);
            }
        }

        var random = _overlay.Random;
        if (_scratch.Count > 0 && random.Next(256) >= Options.ResetChance)
        {
            var address = _scratch[random.Next(_scratch.Count)];
            _overlay.WalkTo(address);
            _outstanding[address] = now;
        }
        else
        {
            _overlay.GetNewIntroduction();
        }

        _scratch.Clear();
        _lastStep = now;
    }

    /// <summary>Queues a fresh address (under the network lock, from inside the community's response handling).</summary>
    private void OnAddressIntroduced(object? sender, IntroducedAddress introduced)
    {
        if (_fresh.Count >= _eagerBudget || _overlay.IsUnloaded)
        {
            return;
        }

        _fresh.Add(introduced.Address);
        if (_fresh.Count == 1)
        {
            // Sent from a timer rather than from here: the response that introduced the address is still being handled
            // (its puncture-request and deferred answers go first), and a walk must not re-enter the community.
            _eagerTimer ??= _overlay.TimeProvider.CreateTimer(static state => ((RandomWalk)state!).WalkToFresh(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _eagerTimer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Walks to the queued fresh addresses that are still walkable for this overlay, within the step's budget.</summary>
    private void WalkToFresh()
    {
        var network = _overlay.Network;
        lock (network.SyncRoot)
        {
            if (_fresh.Count == 0)
            {
                return;
            }

            if (_overlay.IsUnloaded || (_overlay.MaxPeers >= 0 && _overlay.GetPeers().Count >= _overlay.MaxPeers))
            {
                _fresh.Clear();
                return;
            }

            // The walkable list filters by this overlay's service and leaves out addresses of verified peers.
            var walkable = _overlay.GetWalkableAddresses();
            var now = _overlay.TimeProvider.GetUtcNow();
            foreach (var address in _fresh)
            {
                if (_eagerBudget > 0 && !IsOutstanding(address) && Contains(walkable, address))
                {
                    _eagerBudget--;
                    _overlay.WalkTo(address);
                    _eagerOutstanding[address] = now;
                    Interlocked.Increment(ref _eagerWalks);
                }
            }

            _fresh.Clear();
        }
    }

    private static bool Contains(IReadOnlyList<UdpAddress> addresses, UdpAddress address)
    {
        for (var i = 0; i < addresses.Count; i++)
        {
            if (addresses[i] == address)
            {
                return true;
            }
        }

        return false;
    }

    private void ExpireOutstanding(DateTimeOffset now)
    {
        Expire(_outstanding, now);
        Expire(_eagerOutstanding, now);
    }

    private void Expire(Dictionary<UdpAddress, DateTimeOffset> outstanding, DateTimeOffset now)
    {
        if (outstanding.Count == 0)
        {
            return;
        }

        _scratch.Clear();
        foreach (var (address, since) in outstanding)
        {
            if (since + Options.Timeout < now)
            {
                _scratch.Add(address);
            }
        }

        var network = _overlay.Network;
        foreach (var address in _scratch)
        {
            outstanding.Remove(address);
            if (network.GetVerifiedByAddress(address) is null)
            {
                network.RemoveByAddress(address);
            }
        }

        _scratch.Clear();
    }
}
