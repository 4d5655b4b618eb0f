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
/// <para>Our addition (<see cref="RandomWalkOptions.IntroductionRun"/>): where py-ipv8 asks a random peer for an
/// introduction, a step asks the same peer as the previous step while that peer keeps naming peers it has not named in
/// this run (an introduction run), so one responder's peers are learned in as many steps as it has peers: responders
/// rotate their introductions per requester (<c>IntroductionRotation</c>), so a run ends when the responder names a peer
/// a second time (it has named them all), names nobody or does not answer by the next step, is no longer a peer, or after
/// <see cref="RandomWalkOptions.IntroductionRun"/> requests. The next run asks the peer whose last run ended longest ago
/// (never asked first). A run that went round naming only our peers shows a responder that knows nobody we do not: the walk
/// then asks random peers, as py-ipv8 does, until its peer count changes. One request per step as before
/// (so at most one per walker interval to any peer), and the bootstrappers are kept alive at py-ipv8's rate.</para>
/// <para>As in py-ipv8, an outstanding walk is only forgotten by its timeout (an answer does not end it early), so at most
/// <see cref="RandomWalkOptions.WindowSize"/> walks are made per timeout. Steps allocate nothing beyond the overlay's
/// <see cref="IDiscoveryOverlay.GetWalkableAddresses"/> and <see cref="IDiscoveryOverlay.GetPeers"/> lists; a run remembers
/// the addresses its responder named (at most 128) and the order of the runs per current peer. Call <see cref="TakeStep"/> under the network lock.</para>
/// </remarks>
[ComponentOptions(typeof(RandomWalkOptions))]
public sealed class RandomWalk : IDiscoveryStrategy
{
    /// <summary>py-ipv8's chance of keeping the bootstrappers alive instead of asking a peer for an introduction.</summary>
    private const double KeepAliveProbability = 0.05;

    /// <summary>The most names a run remembers (a LAN and a WAN address per peer of a full responder, and some).</summary>
    private const int MaxRunNames = 2 * 64;

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

    // The introduction run (requester side): the responder asked at every step while it names peers not named in this run.
    private readonly List<UdpAddress> _runNamed = [];
    private readonly Dictionary<UdpAddress, long> _runEnded = [];
    private readonly ServiceId _service;
    private Peer? _runPeer;
    private int _runRequests;
    private int _runNamedBeforeRequest;
    private bool _runAnswered;
    private bool _runWrapped;
    private bool _runLearned;
    private long _runs;
    private bool _settled;
    private int _settledPeerCount;

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
        _service = ServiceId.From(overlay.CommunityId.Span);
        if (options.EagerWalks > 0)
        {
            overlay.Network.AddressIntroduced += OnAddressIntroduced;
        }

        if (options.IntroductionRun > 0)
        {
            overlay.Network.AddressDiscovered += OnAddressDiscovered;
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

    /// <summary>Gets the number of introduction runs ended so far (<see cref="RandomWalkOptions.IntroductionRun"/>).</summary>
    public long IntroductionRunCount => Interlocked.Read(ref _runs);

    /// <summary>Gets the peer the current introduction run asks, or null when none is running.</summary>
    public Peer? IntroductionRunPeer => _runPeer;

    /// <summary>
    /// Gets a value indicating whether a run went round naming only our peers, so that steps ask random peers (py-ipv8's
    /// choice) until this overlay's peer count changes.
    /// </summary>
    public bool IsSettled => _settled;

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
            AskForIntroduction(random);
        }

        _scratch.Clear();
        _lastStep = now;
    }

    /// <summary>
    /// Where py-ipv8 asks a random peer (<see cref="IDiscoveryOverlay.GetNewIntroduction"/>): asks the current run's
    /// responder again when its run goes on, else starts a run with the peer whose last run ended longest ago, unless the
    /// walk is settled (then py-ipv8's random choice).
    /// </summary>
    private void AskForIntroduction(Random random)
    {
        if (Options.IntroductionRun == 0)
        {
            _overlay.GetNewIntroduction();
            return;
        }

        var peers = _overlay.GetPeers();
        if (_settled && peers.Count != _settledPeerCount)
        {
            // A peer came or went: a responder that knew nobody new may know someone now, or know the newcomer's peers.
            _settled = false;
        }

        if (_runPeer is { } current
            && !(_runAnswered && !_runWrapped && _runRequests < Options.IntroductionRun && ContainsReference(peers, current)))
        {
            EndRun(peers);
        }

        if (_runPeer is null && (_settled || peers.Count == 0))
        {
            _overlay.GetNewIntroduction();
            return;
        }

        // py-ipv8 keeps the bootstrappers alive instead of asking a peer at this rate (Community.KeepAliveProbability).
        if (random.NextDouble() < KeepAliveProbability && _overlay.KeepBootstrappersAlive())
        {
            return;
        }

        _runPeer ??= ChooseResponder(peers, random);
        _runRequests++;
        _runAnswered = false;
        _runNamedBeforeRequest = _runNamed.Count;
        _overlay.GetNewIntroduction(_runPeer);
    }

    private void EndRun(IReadOnlyList<Peer> peers)
    {
        if (_runWrapped && !_runLearned)
        {
            // The responder went round naming only our peers: it knows nobody we do not. Most likely nobody does (our peers'
            // peers are our peers), so back to py-ipv8's random choice until a peer comes or goes. When wrong (the responder
            // lacked the same peer), that peer's own runs, or those of our other peers, still find us.
            _settled = true;
            _settledPeerCount = peers.Count;
        }

        _runEnded[_runPeer!.Address] = Interlocked.Increment(ref _runs);
        _runPeer = null;
        _runNamed.Clear();
        _runNamedBeforeRequest = 0;
        _runRequests = 0;
        _runAnswered = _runWrapped = _runLearned = false;
    }

    /// <summary>The peer whose last run ended longest ago (one never asked in a run first; ties at random).</summary>
    private Peer ChooseResponder(IReadOnlyList<Peer> peers, Random random)
    {
        if (_runEnded.Count > peers.Count)
        {
            // Forget the runs of former peers, so the table stays within this overlay's peer count.
            _scratch.Clear();
            foreach (var address in _runEnded.Keys)
            {
                if (!ContainsAddress(peers, address))
                {
                    _scratch.Add(address);
                }
            }

            foreach (var address in _scratch)
            {
                _runEnded.Remove(address);
            }

            _scratch.Clear();
        }

        var oldest = long.MaxValue;
        var ties = 0;
        for (var i = 0; i < peers.Count; i++)
        {
            var ended = Rank(peers[i].Address);
            if (ended < oldest)
            {
                oldest = ended;
                ties = 1;
            }
            else if (ended == oldest)
            {
                ties++;
            }
        }

        var pick = random.Next(ties);
        for (var i = 0; i < peers.Count; i++)
        {
            if (Rank(peers[i].Address) == oldest && pick-- == 0)
            {
                return peers[i];
            }
        }

        return peers[0];

        long Rank(UdpAddress address) => _runEnded.GetValueOrDefault(address);
    }

    /// <summary>Follows the current run's responder's answers (under the network lock, from the community's response handling).</summary>
    private void OnAddressDiscovered(object? sender, IntroducedAddress introduced)
    {
        if (_runPeer is not { } responder || introduced.Introducer is not { } introducer || introducer.Address != responder.Address
            || (introduced.Service is { } service && service != _service))
        {
            return;
        }

        _runAnswered = true;
        var index = _runNamed.IndexOf(introduced.Address);
        if (index >= 0)
        {
            // Named in an earlier answer of this run: the responder went round. (One answer may name an address twice: its
            // LAN and WAN introduction addresses are recorded one after the other and are often the same.)
            _runWrapped |= index < _runNamedBeforeRequest;
            return;
        }

        if (_runNamed.Count < MaxRunNames)
        {
            _runNamed.Add(introduced.Address);
        }

        if (introduced.IsNew || _overlay.Network.GetVerifiedByAddress(introduced.Address) is null)
        {
            _runLearned = true;
        }
    }

    private static bool ContainsReference(IReadOnlyList<Peer> peers, Peer peer)
    {
        for (var i = 0; i < peers.Count; i++)
        {
            if (ReferenceEquals(peers[i], peer))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsAddress(IReadOnlyList<Peer> peers, UdpAddress address)
    {
        for (var i = 0; i < peers.Count; i++)
        {
            if (peers[i].Address == address)
            {
                return true;
            }
        }

        return false;
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
