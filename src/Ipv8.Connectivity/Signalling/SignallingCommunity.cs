using System.Buffers;
using Ipv8.Communities;
using Ipv8.Connectivity.Ladder;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Connectivity.Signalling;

/// <summary>
/// Signalling for the connection ladder as signed IPv8 messages: an overlay of its own that implements
/// <see cref="ISignallingChannel"/>, so <see cref="Connector"/> can ask a peer to connect back (reverse) or to punch.
/// </summary>
/// <remarks>
/// <para><b>Why its own overlay.</b> Signalling concerns every node that runs a pipe server, whatever application
/// overlays it joins; a community of its own (id <see cref="DefaultCommunityIdHex"/>, ASCII "ipv8 connect signal1")
/// gives it its own walker, peer set and trust state, and its introducers are exactly the nodes that run it. Messages
/// 1-4 (<c>ConnectRequest</c>, <c>ConnectReply</c>, <c>Relay</c>, <c>Relayed</c>) are signed without global time
/// (py-ipv8's <c>ezr_pack</c> framing).</para>
/// <para><b>Paths.</b> A request goes straight to the target when it is a verified peer at a proven address (the two
/// exchange datagrams already). Otherwise, or when no reply came within <see cref="SignallingOptions.DirectGrace"/>,
/// up to <see cref="SignallingOptions.MaxRelays"/> verified peers are asked to relay it, as puncture-requests are: the
/// request travels byte for byte, wrapped in a Relay, to an introducer, which passes it on, wrapped in a Relayed that
/// names where it saw the requester, to the target; the reply comes back the same way.</para>
/// <para><b>Trust rules.</b> Nothing is sent to an unproven address: direct requests and relay requests from a (key,
/// address) the trust handshake has not proven are dropped unanswered; Relayed messages are accepted only from verified
/// peers at their proven address; replies go back only to the address the request came from (proven) or through the
/// introducer that relayed it; an introducer passes a reply on only for a request it relayed (remembered for
/// <see cref="SignallingOptions.RelayLifetime"/>), so it cannot be used to push unsolicited messages. No node can make
/// another connect to a third address: a request carries the requester's own signed reachability record, which must be
/// signed by the key that signed the request (the key any resulting pipe must authenticate as), and must list the
/// address the request came from (for a relayed one, the address the introducer saw); the handler is told that address
/// (<see cref="SignalRequest.ObservedAddress"/>) and connects to it alone. Requests are rate-limited per source address
/// (and relayed ones per target), de-duplicated by (requester, identifier), and every refusal is counted
/// (<see cref="SignallingCounter"/>, also in <see cref="Community.GetCounters"/>).</para>
/// <para>Threading: handlers run under <see cref="Network.SyncRoot"/>; public members take it themselves.</para>
/// </remarks>
public sealed partial class SignallingCommunity : Community, ISignallingChannel
{
    /// <summary>The default community id, 40 hex digits: ASCII "ipv8 connect signal1".</summary>
    public const string DefaultCommunityIdHex = "6970763820636f6e6e656374207369676e616c31";

    private readonly CounterSet<SignallingCounter> _counters = new();
    private readonly KeyFactory _keys;
    private readonly Dictionary<uint, PendingRequest> _pending = [];
    private Func<PublicKey, SignalRequest, CancellationToken, Task<SignalReply>>? _handler;

    /// <summary>Creates the overlay.</summary>
    /// <param name="settings">The community settings (a <see cref="CommunitySettings.KeyFactory"/> is required); an all-zero community id is replaced by <see cref="DefaultCommunityIdHex"/>.</param>
    /// <param name="options">Limits and timing (default <see cref="SignallingOptions"/>).</param>
    /// <exception cref="ArgumentException">The settings give no key factory.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SignallingCommunity(CommunitySettings settings, SignallingOptions? options = null)
        : base(WithSignallingId(settings))
    {
        Options = options ?? new SignallingOptions();
        Options.ThrowIfInvalid();
        _keys = settings.KeyFactory ?? throw new ArgumentException("The signalling community needs CommunitySettings.KeyFactory to check reachability records.", nameof(settings));
        _sourceBudget = new RateBudget<UdpAddress>(Options.MaxRateEntries, Options.RequestsPerSecond, Options.RequestBurst);
        _targetBudget = new RateBudget<string>(Options.MaxRateEntries, Options.RequestsPerSecond, Options.RequestBurst);
        Meters.Publish("Ipv8.Connectivity", _counters, "signalling_");
        AddMessageHandler(ConnectRequestPayload.MessageId, OnConnectRequest);
        AddMessageHandler(ConnectReplyPayload.MessageId, OnConnectReply);
        AddMessageHandler(RelayPayload.MessageId, OnRelay);
        AddMessageHandler(RelayedPayload.MessageId, OnRelayed);
    }

    /// <summary>Gets the limits and timing.</summary>
    public SignallingOptions Options { get; }

    /// <summary>Returns one counter.</summary>
    public long GetCount(SignallingCounter counter) => _counters[counter];

    /// <inheritdoc/>
    public void SetHandler(Func<PublicKey, SignalRequest, CancellationToken, Task<SignalReply>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Volatile.Write(ref _handler, handler);
    }

    /// <summary>
    /// Sends <paramref name="request"/> to the node with key <paramref name="to"/>: straight to it when it is a verified
    /// peer, else (or after <see cref="SignallingOptions.DirectGrace"/> without a reply) through introducers; returns
    /// the first reply signed by <paramref name="to"/>.
    /// </summary>
    /// <exception cref="RungFailedException">There is no path (not a verified peer, no other peer to relay), or too many requests are in flight.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled before a reply.</exception>
    public async Task<SignalReply> RequestAsync(PublicKey to, SignalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(request);
        var completion = new TaskCompletionSource<SignalReply>(TaskCreationOptions.RunContinuationsAsynchronously);
        uint identifier;
        byte[] signed;
        bool direct;
        lock (Network.SyncRoot)
        {
            if (_pending.Count >= Options.MaxPending)
            {
                _counters.Increment(SignallingCounter.PendingFull);
                throw new RungFailedException($"too many signalling requests in flight ({Options.MaxPending})");
            }

            do
            {
                identifier = (uint)Random.NextInt64(1, uint.MaxValue);
            }
            while (_pending.ContainsKey(identifier));

            signed = Sign(ConnectRequestPayload.MessageId, new ConnectRequestPayload(identifier, request));
            var target = TrustedAddressOf(to);
            direct = target is not null;
            if (!direct && RelayCandidates(to).Count == 0)
                throw new RungFailedException($"no signalling path to {to.MidHex[..8]}: it is not a verified peer and no other peer could relay");

            _pending[identifier] = new PendingRequest(to, completion);
            if (target is { } address)
            {
                Endpoint.Send(address, signed);
                _counters.Increment(SignallingCounter.RequestsSentDirect);
            }
            else
            {
                SendThroughRelays(to, signed);
            }
        }

        try
        {
            if (direct)
            {
                await Task.WhenAny(completion.Task, Task.Delay(Options.DirectGrace, TimeProvider, cancellationToken)).ConfigureAwait(false);
                if (!completion.Task.IsCompleted && !cancellationToken.IsCancellationRequested)
                {
                    lock (Network.SyncRoot)
                        SendThroughRelays(to, signed);
                }
            }

            return await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (Network.SyncRoot)
            {
                _pending.Remove(identifier);
                if (!completion.Task.IsCompleted)
                    _counters.Increment(SignallingCounter.RequestsUnanswered);
            }
        }
    }

    /// <inheritdoc/>
    protected override IReadOnlyDictionary<string, long> GetOverlayCounters()
    {
        var snapshot = _counters.Snapshot("signalling_");
        lock (Network.SyncRoot)
        {
            snapshot["signalling_pending_requests"] = _pending.Count;
            snapshot["signalling_relay_entries"] = _relays.Count;
        }

        return snapshot;
    }

    private static CommunitySettings WithSignallingId(CommunitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.CommunityId.Span.IndexOfAnyExcept((byte)0) < 0
            ? settings with { CommunityId = Convert.FromHexString(DefaultCommunityIdHex) }
            : settings;
    }

    /// <summary>Returns the proven address of the verified peer with <paramref name="key"/>, or null.</summary>
    private UdpAddress? TrustedAddressOf(PublicKey key)
    {
        var peer = Network.GetVerifiedByPublicKeyBin(key.KeyBin);
        return peer?.IPv4Address ?? peer?.IPv6Address;
    }

    /// <summary>Returns true when <paramref name="key"/> may be answered at <paramref name="source"/>: proven there, or a verified peer whose address it is.</summary>
    private bool IsTrustedSource(UdpAddress source, PublicKey key)
    {
        var peer = Network.GetVerifiedByPublicKeyBin(key.KeyBin);
        if (peer is not null && (peer.IPv4Address == source || peer.IPv6Address == source))
            return true;
        return TrustEnabled && IsProven(source, key);
    }

    private List<Peer> RelayCandidates(PublicKey target) =>
        GetPeers().Where(p => !p.PublicKey.Equals(target) && (p.IPv4Address ?? p.IPv6Address) is not null)
            .OrderByDescending(p => p.LastResponse ?? DateTimeOffset.MinValue)
            .Take(Options.MaxRelays)
            .ToList();

    private void SendThroughRelays(PublicKey target, byte[] signed)
    {
        var relay = new RelayPayload(target.KeyBin.ToArray(), signed);
        foreach (var introducer in RelayCandidates(target))
        {
            SendSignedWithoutGlobalTime((introducer.IPv4Address ?? introducer.IPv6Address)!.Value, RelayPayload.MessageId, relay);
            _counters.Increment(SignallingCounter.RequestsSentRelayed);
        }
    }

    /// <summary>Signs a complete message of this community (the form that travels directly or wrapped).</summary>
    private byte[] Sign<TPayload>(byte messageId, in TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        var buffer = ArrayPool<byte>.Shared.Rent(EndpointCounters.MaxSendSize);
        try
        {
            var length = MessageFraming.WriteSignedWithoutGlobalTime(buffer.AsSpan(0, EndpointCounters.MaxSendSize), Prefix.Bytes, messageId, MyPeer.PrivateKey, in payload);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private sealed record PendingRequest(PublicKey Target, TaskCompletionSource<SignalReply> Completion);
}
