using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Rendezvous;

/// <content>The client side: registering, unregistering and discovering at a rendezvous point.</content>
/// <remarks>
/// A point serves only keys proven at their address, so before a request the client walks to the point (an
/// introduction-request) unless the point answered such a walk within <see cref="RendezvousOptions.ProofFreshness"/>: a
/// hardened point answers a walk only once it has proven the walker, so that answer is the signal to send. The request
/// then waits for its answer until <see cref="RendezvousOptions.RequestTimeout"/> (a DISCOVER: per page).
/// </remarks>
public sealed partial class RendezvousCommunity
{
    /// <summary>How much longer than the TTL asked for a registered record stays valid (1 minute; within <see cref="ExpirySkew"/>).</summary>
    public static readonly TimeSpan RecordGrace = TimeSpan.FromMinutes(1);

    private readonly Dictionary<uint, ClientRequest> _pending = [];
    private readonly Dictionary<UdpAddress, long> _lastProof = [];

    /// <summary>Returns the addresses our records list: our WAN and LAN estimates (distinct, non-zero).</summary>
    /// <returns>1 or 2 addresses (the endpoint's address when nothing else is known).</returns>
    public IReadOnlyList<UdpAddress> GetOwnAddresses()
    {
        lock (Network.SyncRoot)
        {
            var result = new List<UdpAddress>(2);
            foreach (var address in (ReadOnlySpan<UdpAddress>)[MyEstimatedWan, MyEstimatedLan])
            {
                if (!address.IsZero && !result.Contains(address))
                {
                    result.Add(address);
                }
            }

            if (result.Count == 0)
            {
                result.Add(Endpoint.LocalAddress);
            }

            return result;
        }
    }

    /// <summary>Signs a record of ours for <paramref name="ns"/>, valid for <paramref name="ttl"/> from now.</summary>
    /// <param name="ns">The namespace (1-255 UTF-8 bytes).</param>
    /// <param name="ttl">How long the record is valid (at most 72 h).</param>
    /// <param name="addresses">The addresses to list (default <see cref="GetOwnAddresses"/>).</param>
    /// <returns>The record.</returns>
    /// <exception cref="ArgumentException">The namespace or addresses are invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is not in (0, 72 h].</exception>
    public SignedPeerRecord CreateRecord(string ns, TimeSpan ttl, IReadOnlyList<UdpAddress>? addresses = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ttl, RendezvousOptions.MaxTtl);
        return SignedPeerRecord.Create(MyPeer.PrivateKey, ns, addresses ?? GetOwnAddresses(), TimeProvider.GetUtcNow() + ttl);
    }

    /// <summary>
    /// Registers us under <paramref name="ns"/> at the rendezvous point <paramref name="point"/> (walking to it first when
    /// needed). A new registration replaces our earlier one there. Never throws for network faults.
    /// </summary>
    /// <param name="point">The point's address.</param>
    /// <param name="ns">The namespace (1-255 UTF-8 bytes).</param>
    /// <param name="ttl">The TTL to ask for (default <see cref="RendezvousOptions.DefaultTtl"/>); the point clamps it to its range. Our record is valid as long.</param>
    /// <param name="addresses">The addresses to list (default <see cref="GetOwnAddresses"/>).</param>
    /// <returns>The point's answer, or a result with a null status after <see cref="RendezvousOptions.RequestTimeout"/>.</returns>
    /// <exception cref="ArgumentException">The namespace or addresses are invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is not in (0, 72 h].</exception>
    public Task<RegisterResult> RegisterAsync(UdpAddress point, string ns, TimeSpan? ttl = null, IReadOnlyList<UdpAddress>? addresses = null)
    {
        var completion = new TaskCompletionSource<RegisterResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Register(point, ns, r => completion.TrySetResult(r), ttl, addresses);
        return completion.Task;
    }

    /// <summary>As <see cref="RegisterAsync"/>, reporting to <paramref name="done"/> (called once, under the network lock; must not block).</summary>
    /// <param name="point">The point's address.</param>
    /// <param name="ns">The namespace.</param>
    /// <param name="done">Receives the outcome.</param>
    /// <param name="ttl">The TTL to ask for.</param>
    /// <param name="addresses">The addresses to list.</param>
    /// <exception cref="ArgumentException">The namespace or addresses are invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is not in (0, 72 h].</exception>
    public void Register(UdpAddress point, string ns, Action<RegisterResult> done, TimeSpan? ttl = null, IReadOnlyList<UdpAddress>? addresses = null)
    {
        ArgumentNullException.ThrowIfNull(done);
        var lifetime = ttl ?? Options.DefaultTtl;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lifetime, RendezvousOptions.MaxTtl);

        // The record outlives the registration by a grace period, so the walk and the trip to the point do not shorten
        // the TTL the point grants (it never keeps a record past the record's own expiry).
        var record = SignedPeerRecord.Create(MyPeer.PrivateKey, ns, addresses ?? GetOwnAddresses(), TimeProvider.GetUtcNow() + lifetime + RecordGrace);
        Start(new ClientRequest(ClientRequestKind.Register, point, ns)
        {
            Record = record,
            TtlSeconds = (uint)Math.Max(1, lifetime.TotalSeconds),
            RegisterDone = done,
        });
    }

    /// <summary>Sends an UNREGISTER for <paramref name="ns"/> to <paramref name="point"/> (walking to it first when needed; never answered).</summary>
    /// <param name="point">The point's address.</param>
    /// <param name="ns">The namespace.</param>
    /// <returns>True once sent; false when the walk got no answer within <see cref="RendezvousOptions.RequestTimeout"/>.</returns>
    /// <exception cref="ArgumentException">The namespace is invalid.</exception>
    public Task<bool> UnregisterAsync(UdpAddress point, string ns)
    {
        if (SignedPeerRecord.CheckNamespace(ns) is { } problem)
        {
            throw new ArgumentException(problem, nameof(ns));
        }

        var completion = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        Start(new ClientRequest(ClientRequestKind.Unregister, point, ns) { UnregisterDone = r => completion.TrySetResult(r) });
        return completion.Task;
    }

    /// <summary>
    /// Asks <paramref name="point"/> for the records of <paramref name="ns"/>, following the cookie page by page until the
    /// point has no more or <paramref name="limit"/> records arrived. Every record is checked (signature, expiry, namespace)
    /// and de-duplicated before it is returned; invalid ones are counted in <see cref="RendezvousCounter.InvalidRecordsReceived"/>.
    /// </summary>
    /// <param name="point">The point's address.</param>
    /// <param name="ns">The namespace, or null or empty for every namespace.</param>
    /// <param name="limit">The most records wanted (1-1,000; default 1,000).</param>
    /// <returns>The records; with a null status when a page timed out (the records received so far are kept).</returns>
    /// <exception cref="ArgumentException">The namespace is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not in [1, 1,000].</exception>
    public Task<DiscoverResult> DiscoverAsync(UdpAddress point, string? ns = null, int limit = RendezvousOptions.MaxDiscoverLimit)
    {
        var completion = new TaskCompletionSource<DiscoverResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        Discover(point, ns, r => completion.TrySetResult(r), limit);
        return completion.Task;
    }

    /// <summary>
    /// As <see cref="DiscoverAsync"/>, reporting to <paramref name="done"/> (called once, under the network lock; must not
    /// block) and, when given, each page's new checked records to <paramref name="page"/> as the page arrives (so a
    /// caller can use the first peers while later pages are still on their way; <paramref name="done"/> then repeats them all).
    /// </summary>
    /// <param name="point">The point's address.</param>
    /// <param name="ns">The namespace, or null or empty for every namespace.</param>
    /// <param name="done">Receives the outcome.</param>
    /// <param name="limit">The most records wanted (1-1,000).</param>
    /// <param name="page">Receives each page's new records (under the network lock; must not block); null = none.</param>
    /// <exception cref="ArgumentException">The namespace is invalid.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is not in [1, 1,000].</exception>
    public void Discover(UdpAddress point, string? ns, Action<DiscoverResult> done, int limit = RendezvousOptions.MaxDiscoverLimit, Action<IReadOnlyList<SignedPeerRecord>>? page = null)
    {
        ArgumentNullException.ThrowIfNull(done);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, RendezvousOptions.MaxDiscoverLimit);
        if (!string.IsNullOrEmpty(ns) && SignedPeerRecord.CheckNamespace(ns) is { } problem)
        {
            throw new ArgumentException(problem, nameof(ns));
        }

        Start(new ClientRequest(ClientRequestKind.Discover, point, ns ?? string.Empty) { Limit = limit, DiscoverDone = done, DiscoverPage = page });
    }

    /// <inheritdoc/>
    public override async ValueTask UnloadAsync()
    {
        await base.UnloadAsync().ConfigureAwait(false);
        lock (Network.SyncRoot)
        {
            foreach (var request in _pending.Values)
            {
                request.Fail();
            }

            _pending.Clear();
        }
    }

    /// <inheritdoc/>
    /// <remarks>Sends the requests that waited for the point to prove us (a point answers our walk only once it has).</remarks>
    protected override void OnIntroductionResponse(Peer peer, in IntroductionResponseInfo response)
    {
        List<ClientRequest>? ready = null;
        foreach (var request in _pending.Values)
        {
            if (request.AwaitingProof && peer.HasAddress(request.Point))
            {
                (ready ??= []).Add(request);
            }
        }

        if (ready is null)
        {
            return;
        }

        if (_lastProof.Count >= Options.MaxPendingRequests)
        {
            _lastProof.Clear();
        }

        var now = TimeProvider.GetUtcNow().UtcTicks;
        foreach (var request in ready)
        {
            _lastProof[request.Point] = now;
            request.AwaitingProof = false;
            Transmit(request);
        }
    }

    /// <summary>Signs and sends any payload of this overlay (tests and benchmarks build hostile or hand-made requests with it).</summary>
    internal bool SendRaw<TPayload>(UdpAddress destination, byte messageId, in TPayload payload)
        where TPayload : Messaging.IPayload<TPayload>
    {
        lock (Network.SyncRoot)
        {
            return SendSignedWithoutGlobalTime(destination, messageId, in payload);
        }
    }

    private void Start(ClientRequest request)
    {
        lock (Network.SyncRoot)
        {
            if (IsUnloaded || _pending.Count >= Options.MaxPendingRequests)
            {
                _counters.Increment(RendezvousCounter.RequestsRefusedPendingFull);
                request.Fail();
                return;
            }

            Track(request);
            var fresh = _lastProof.TryGetValue(request.Point, out var proven)
                        && TimeProvider.GetUtcNow().UtcTicks - proven < Options.ProofFreshness.Ticks;
            if (fresh)
            {
                Transmit(request);
                return;
            }

            // One walk per point at a time: later requests ride on the walk already under way.
            var walking = _pending.Values.Any(r => r.AwaitingProof && r.Point == request.Point);
            request.AwaitingProof = true;
            if (!walking)
            {
                WalkTo(request.Point);
            }
        }
    }

    /// <summary>Gives the request a fresh identifier and (re)starts its timeout.</summary>
    private void Track(ClientRequest request)
    {
        if (request.TimerName.Length != 0)
        {
            Tasks.Cancel(request.TimerName);
            _pending.Remove(request.Identifier);
        }

        uint identifier;
        do
        {
            identifier = (uint)Random.NextInt64(1, uint.MaxValue);
        }
        while (_pending.ContainsKey(identifier));

        request.Identifier = identifier;
        request.TimerName = Tasks.CreateName("rendezvous request");
        _pending[identifier] = request;
        Tasks.RegisterOnce(request.TimerName, Options.RequestTimeout, () => TimeOut(request));
    }

    private void Transmit(ClientRequest request)
    {
        switch (request.Kind)
        {
            case ClientRequestKind.Register:
                SendSignedWithoutGlobalTime(request.Point, RegisterPayload.MessageId, new RegisterPayload(request.Identifier, request.Namespace, request.TtlSeconds, request.Record!));
                break;
            case ClientRequestKind.Unregister:
                SendSignedWithoutGlobalTime(request.Point, UnregisterPayload.MessageId, new UnregisterPayload(request.Namespace));
                Finish(request);
                request.UnregisterDone!(true);
                break;
            default:
                SendSignedWithoutGlobalTime(request.Point, DiscoverPayload.MessageId, new DiscoverPayload(request.Identifier, request.Namespace, (ushort)request.Limit, request.Cookie));
                break;
        }
    }

    private void OnRegisterResponse(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TryReadSigned<RegisterResponsePayload>(source, datagram, out _, out _, out var response, hasGlobalTime: false)
            || Match(source, response.Identifier, ClientRequestKind.Register) is not { } request)
        {
            return;
        }

        Finish(request);
        var granted = response.Status == RegistrationStatus.Ok ? TimeSpan.FromSeconds(response.GrantedTtlSeconds) : TimeSpan.Zero;
        request.RegisterDone!(new RegisterResult(response.Status, granted));
    }

    private void OnDiscoverResponse(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TryReadSigned<DiscoverResponsePayload>(source, datagram, out _, out _, out var response, hasGlobalTime: false)
            || Match(source, response.Identifier, ClientRequestKind.Discover) is not { } request)
        {
            return;
        }

        request.Pages++;
        var now = TimeProvider.GetUtcNow();
        var expected = request.Namespace.Length == 0 ? null : request.Namespace;
        var before = request.Records.Count;
        foreach (var record in response.Records)
        {
            if (record.Check(_parser, now, expected, out _) != RecordProblem.None)
            {
                _counters.Increment(RendezvousCounter.InvalidRecordsReceived);
                continue;
            }

            if (request.Records.Count < request.Limit && request.SeenKeys.Add(Convert.ToHexString(record.KeyBin.Span) + "/" + record.Namespace))
            {
                request.Records.Add(record);
            }
        }

        if (request.DiscoverPage is { } page && request.Records.Count > before)
        {
            page(request.Records[before..]);
        }

        if (response.Status == RegistrationStatus.Ok && response.Cookie.Length > 0 && request.Records.Count < request.Limit)
        {
            request.Cookie = response.Cookie;
            Track(request);
            Transmit(request);
            return;
        }

        Finish(request);
        request.DiscoverDone!(new DiscoverResult([.. request.Records], response.Status, request.Pages));
    }

    /// <summary>Returns the outstanding request a response answers, or null (counted as unsolicited) when there is none from that address.</summary>
    private ClientRequest? Match(UdpAddress source, uint identifier, ClientRequestKind kind)
    {
        if (_pending.TryGetValue(identifier, out var request) && request.Kind == kind && request.Point == source && !request.AwaitingProof)
        {
            return request;
        }

        _counters.Increment(RendezvousCounter.UnsolicitedResponses);
        Drop(DropReason.UnsolicitedResponse, source);
        return null;
    }

    private void Finish(ClientRequest request)
    {
        _pending.Remove(request.Identifier);
        Tasks.Cancel(request.TimerName);
    }

    private void TimeOut(ClientRequest request)
    {
        if (_pending.TryGetValue(request.Identifier, out var current) && ReferenceEquals(current, request))
        {
            _pending.Remove(request.Identifier);
            _counters.Increment(RendezvousCounter.RequestTimeouts);
            request.Fail();
        }
    }
}
