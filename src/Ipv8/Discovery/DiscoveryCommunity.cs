using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;

namespace Ipv8.Discovery;

/// <summary>
/// The DiscoveryCommunity (py-ipv8 <c>ipv8/peerdiscovery/community.py</c>, spec 7): tells peers which overlays each local
/// identity runs (similarity request/response, ids 1 and 2), so that — the <see cref="Network"/> being shared — a peer met in
/// one overlay becomes a peer of every overlay both run; measures liveness and round-trip times (ping/pong, ids 3 and 4,
/// unsigned); and answers the Dispersy-era introduction request (id 246, spec 7.3).
/// </summary>
/// <remarks>
/// <para>Community id <c>7e313685c1912a141279f8248fc8db5899c5df5a</c>, version 2 (the id in the settings is replaced).</para>
/// <para>A similarity request goes to the responder of every introduction response and, through
/// <see cref="PeriodicSimilarity"/>, to a random verified peer each second. Pings are tracked in the
/// <see cref="Community.RequestCache"/> under <see cref="PingCachePrefix"/> for <see cref="PingTimeout"/>; a pong appends the
/// round-trip time to the pinged <see cref="Peer"/>; a ping that times out just leaves the cache.</para>
/// <para>Differences from py-ipv8, none visible on the wire: the ping cache is keyed by the 16-bit identifier, so pongs keep
/// matching after the global time passes 65 535 (spec 7.2 quirk); a pong counts only when it comes from an address of the
/// pinged peer; similarity responses to a requester that is not a verified peer at the request's source address are trimmed
/// so their total size does not exceed the request (no amplification toward unverified sources).</para>
/// </remarks>
[CommunityId(DiscoveryCommunityIdHex)]
public sealed partial class DiscoveryCommunity : Community, IPingOverlay, ISimilarityOverlay
{
    /// <summary>The request-cache prefix of pings (py-ipv8 <c>PingRequestCache.name</c>).</summary>
    public const string PingCachePrefix = "discoverypingcache";

    /// <summary>The DiscoveryCommunity's community id as 40 hex digits (py-ipv8's).</summary>
    public const string DiscoveryCommunityIdHex = "7e313685c1912a141279f8248fc8db5899c5df5a";

    private static readonly byte[] Id = Convert.FromHexString(DiscoveryCommunityIdHex);

    /// <summary>Creates the community and registers its handlers (ids 1-4, and the override of 246).</summary>
    /// <param name="settings">The settings; <see cref="CommunitySettings.CommunityId"/> must be <see cref="DiscoveryCommunityId"/>.</param>
    /// <exception cref="ArgumentException">The settings carry another community id.</exception>
    public DiscoveryCommunity(CommunitySettings settings)
        : base(WithDiscoveryId(settings))
    {
        AddMessageHandler(SimilarityRequestPayload.MessageId, OnSimilarityRequest);
        AddSignedHandler<SimilarityResponsePayload>(SimilarityResponsePayload.MessageId, OnSimilarityResponse);
        AddUnsignedHandler<PingPayload>(PingPayload.MessageId, OnPing);
        AddUnsignedHandler<PongPayload>(PongPayload.MessageId, OnPong);
        ReplaceMessageHandler(IntroductionRequestPayload.MessageId, OnOldIntroductionRequest);
    }

    /// <summary>Gets the DiscoveryCommunity's community id (20 bytes).</summary>
    public static ReadOnlyMemory<byte> DiscoveryCommunityId => Id;

    /// <summary>Gets how long a ping waits for its pong (py-ipv8: 5 s).</summary>
    public static TimeSpan PingTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the number of similarity requests sent (one per identity per call).</summary>
    public long SimilarityRequestsSent { get; private set; }

    /// <summary>Gets the number of pongs that matched a ping.</summary>
    public long PongsMatched { get; private set; }

    /// <summary>Sends a similarity request to the responder of every introduction response (spec 7.2).</summary>
    protected override void OnIntroductionResponse(Peer peer, in IntroductionResponseInfo response)
    {
        ArgumentNullException.ThrowIfNull(peer);
        SendSimilarityRequest(peer.Address);
    }

    private static CommunitySettings WithDiscoveryId(CommunitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.CommunityId.Span.SequenceEqual(Id)
            ? settings
            : throw new ArgumentException($"A DiscoveryCommunity has community id {DiscoveryCommunityIdHex}, not {Convert.ToHexStringLower(settings.CommunityId.Span)}.", nameof(settings));
    }

    /// <summary>The Dispersy-compatible handler of the old introduction request (spec 7.3).</summary>
    private void OnOldIntroductionRequest(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TrustEnabled && IsOverPeerLimit())
        {
            Drop(DropReason.PeerLimit, source);
            return;
        }

        if (!TryReadSignedMessage(source, datagram, out var message))
        {
            return;
        }

        IntroductionRequestPayload request;
        if (message.TryReadPayload<DiscoveryIntroductionRequestPayload>(out var dispersy, out _))
        {
            request = dispersy.Request;
        }
        else if (!message.TryReadPayload(out request, out var reason))
        {
            Drop(reason, source);
            return;
        }

        if (TrustEnabled)
        {
            // Trust rules (challenge first, cap): the answer stays old-format, without LAN address or callback (spec 7.3).
            var info = new IntroductionRequestInfo(request.DestinationAddress, request.SourceLanAddress, request.SourceWanAddress, request.Identifier, false, request.ExtraBytes);
            HandleIntroductionRequestTrusted(source, ResolveSender(message.PublicKey, source), in info, datagram.Length, legacy: true);
            return;
        }

        // A fresh peer from (key, source): the LAN address and the new-style flag are not taken over (spec 7.3 step 3).
        var fresh = new Peer(message.PublicKey, source, TimeProvider.GetUtcNow());
        var held = Network.AddVerifiedPeer(fresh) ?? fresh;
        Network.DiscoverServices(held, ServiceId);
        SendIntroductionResponse(fresh, source, request.DestinationAddress, request.Identifier, newFormat: false);
    }
}
