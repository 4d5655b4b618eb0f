using Ipv8.Communities;
using Ipv8.Peers;
using Ipv8.Rendezvous;

namespace Greeter;

/// <summary>
/// The greeting protocol of the discovery tutorial (nim-libp2p's): a newcomer asks the node's <see cref="IDiscoveryManager"/>
/// for peers of a namespace, takes them one at a time, greets each with a signed <see cref="GreetingPayload"/> and waits
/// for its signed <see cref="GreetingReplyPayload"/>; after <c>peers</c> answered greetings it stops the query and moves to
/// the next namespace (<see cref="GreetNamespaces"/>, usually an <c>on_start</c> call). Every node answers greetings.
/// The overlay walks nowhere by itself: peers are found only through discovery.
/// </summary>
/// <remarks>
/// <para>Community id <see cref="DefaultCommunityIdHex"/> ("Launcher greeter v01").</para>
/// <para>To greet a discovered peer the overlay first walks to the addresses its record lists (at most
/// <see cref="MaxAddressesPerPeer"/>): the peer's answer proves both sides to each other under the trust rules, and the
/// greeting follows that answer. A peer that has not answered a greeting within the reply timeout is given up and the
/// next one taken.</para>
/// <para>Hostile input: greetings and replies are accepted only from verified peers (others are counted as
/// <see cref="Ipv8.Messaging.DropReason.Unexpected"/> and get nothing back); a reply that answers no greeting of ours is
/// dropped the same way; the greeting logs are bounded (<see cref="LogCapacity"/>, oldest forgotten first).</para>
/// <para>Threading: handlers and timers run under <see cref="Network.SyncRoot"/>; public members take that lock themselves.</para>
/// </remarks>
[CommunityId(DefaultCommunityIdHex)]
public sealed partial class GreeterCommunity : Community
{
    /// <summary>The community id, 40 hex digits: ASCII "Launcher greeter v01".</summary>
    public const string DefaultCommunityIdHex = "4c61756e63686572206772656574657220763031";

    /// <summary>The number of greetings each log keeps (256).</summary>
    public const int LogCapacity = 256;

    /// <summary>The most addresses of one discovered peer walked to (4).</summary>
    public const int MaxAddressesPerPeer = 4;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    private readonly IDiscoveryManager? _discovery;
    private readonly GreeterOptions _options;
    private readonly Queue<Greeting> _greeted = new();
    private readonly Queue<Greeting> _received = new();
    private readonly Dictionary<string, PendingGreeting> _pending = new(StringComparer.Ordinal);
    private readonly HashSet<string> _tried = new(StringComparer.Ordinal);
    private Tour? _tour;
    private long _greetingsSent;
    private long _repliesReceived;
    private long _greetingsReceived;
    private long _greetingTimeouts;

    /// <summary>Creates the overlay and registers its two message handlers.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="options">The greeting settings (default <see cref="GreeterOptions"/>).</param>
    /// <param name="discovery">The node's discovery manager (from the host's <c>discovery</c> section); null = this node only answers.</param>
    /// <exception cref="ArgumentException">A setting is out of range (every problem listed).</exception>
    public GreeterCommunity(CommunitySettings settings, GreeterOptions? options = null, IDiscoveryManager? discovery = null)
        : base(settings)
    {
        _options = options ?? new GreeterOptions();
        if (_options.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        _discovery = discovery;
        AddSignedHandler<GreetingPayload>(GreetingPayload.MessageId, OnGreeting);
        AddSignedHandler<GreetingReplyPayload>(GreetingReplyPayload.MessageId, OnGreetingReply);
    }

    /// <summary>Gets a value indicating whether a <see cref="GreetNamespaces"/> tour has visited every namespace.</summary>
    public bool TourFinished
    {
        get
        {
            lock (Network.SyncRoot)
            {
                return _tour is { Finished: true };
            }
        }
    }

    /// <summary>
    /// Starts the tutorial's tour: for each namespace in order, request peers from the discovery manager, greet them one
    /// at a time until <paramref name="peers"/> greetings were answered (or the query stays empty for
    /// <see cref="GreeterOptions.QueryTimeout"/>), stop the query, go on with the next namespace.
    /// </summary>
    /// <param name="namespaces">The namespaces, in order (each 1-255 UTF-8 bytes).</param>
    /// <param name="peers">The answered greetings wanted per namespace (1-100; default 3).</param>
    /// <exception cref="InvalidOperationException">The node has no discovery manager, or a tour was already started.</exception>
    /// <exception cref="ArgumentException">No namespace, or an invalid one.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="peers"/> is not in [1, 100].</exception>
    public void GreetNamespaces(IReadOnlyList<string> namespaces, int peers = 3)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentOutOfRangeException.ThrowIfLessThan(peers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(peers, 100);
        if (namespaces.Count == 0)
        {
            throw new ArgumentException("name at least one namespace to greet", nameof(namespaces));
        }

        foreach (var ns in namespaces)
        {
            if (SignedPeerRecord.CheckNamespace(ns) is { } problem)
            {
                throw new ArgumentException($"'{ns}': {problem}", nameof(namespaces));
            }
        }

        var discovery = _discovery ?? throw new InvalidOperationException("GreeterCommunity needs the node's discovery manager: add a 'discovery' section with an interface that can request.");
        lock (Network.SyncRoot)
        {
            if (_tour is not null)
            {
                throw new InvalidOperationException("A greeting tour was already started.");
            }

            _tour = new Tour([.. namespaces], peers);
            StartNamespace(discovery);
            Tasks.RegisterPeriodic("greeter tour", Tick, () => Step(discovery));
        }
    }

    /// <summary>Returns the greetings we sent that were answered, oldest first (a copy; at most <see cref="LogCapacity"/>).</summary>
    /// <returns>The answered greetings, each with the reply's text.</returns>
    public IReadOnlyList<Greeting> GetGreeted()
    {
        lock (Network.SyncRoot)
        {
            return [.. _greeted];
        }
    }

    /// <summary>Returns the greetings we received, oldest first (a copy; at most <see cref="LogCapacity"/>).</summary>
    /// <returns>The received greetings.</returns>
    public IReadOnlyList<Greeting> GetReceived()
    {
        lock (Network.SyncRoot)
        {
            return [.. _received];
        }
    }

    /// <inheritdoc/>
    public override async ValueTask UnloadAsync()
    {
        lock (Network.SyncRoot)
        {
            _tour?.Query?.Stop();
        }

        await base.UnloadAsync().ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, long> GetOverlayCounters()
    {
        lock (Network.SyncRoot)
        {
            return new Dictionary<string, long>(StringComparer.Ordinal)
            {
                ["greeter_greetings_sent"] = _greetingsSent,
                ["greeter_replies_received"] = _repliesReceived,
                ["greeter_greetings_received"] = _greetingsReceived,
                ["greeter_greeting_timeouts"] = _greetingTimeouts,
            };
        }
    }

    private static void Remember(Queue<Greeting> log, Greeting greeting)
    {
        if (log.Count == LogCapacity)
        {
            log.Dequeue();
        }

        log.Enqueue(greeting);
    }

    /// <summary>What a tour has to do and where it is.</summary>
    private sealed class Tour(string[] namespaces, int peers)
    {
        public string[] Namespaces { get; } = namespaces;

        public int PeersPerNamespace { get; } = peers;

        public int Index { get; set; }

        public int Answered { get; set; }

        public IDiscoveryQuery? Query { get; set; }

        public DateTimeOffset LastProgress { get; set; }

        public bool Finished => Index >= Namespaces.Length;

        public string Current => Namespaces[Index];
    }

    /// <summary>A discovered peer we walked to and are about to greet, or greeted and wait for.</summary>
    private sealed class PendingGreeting(DiscoveredPeer peer, DateTimeOffset deadline)
    {
        public DiscoveredPeer Peer { get; } = peer;

        public DateTimeOffset Deadline { get; } = deadline;

        public ulong? GreetingGlobalTime { get; set; }
    }
}
