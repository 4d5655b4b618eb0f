using System.Buffers;
using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;

namespace Ipv8.Discovery;

/// <content>Similarity requests and responses (spec 7.1, 7.2).</content>
public sealed partial class DiscoveryCommunity
{
    /// <summary>The most community ids listed per identity (bounded like <see cref="NetworkOptions.MaxServicesPerPeer"/>'s default).</summary>
    private const int MaxIdsPerIdentity = 256;

    private readonly List<MyPeer> _identities = [];
    private readonly List<List<ReadOnlyMemory<byte>>> _identityIds = [];

    /// <inheritdoc/>
    /// <remarks>
    /// The identities are those of the overlays registered as service providers in the <see cref="Network"/>
    /// (py-ipv8 <c>service_overlays</c>); each request claims a global time of this community's identity.
    /// </remarks>
    public void SendSimilarityRequest(UdpAddress address)
    {
        lock (Network.SyncRoot)
        {
            var count = CollectIdentities();
            var lan = MyEstimatedLan;
            var wan = MyEstimatedWan;
            for (var i = 0; i < count; i++)
            {
                var globalTime = MyPeer.ClaimGlobalTime();
                var payload = new SimilarityRequestPayload(
                    (ushort)(globalTime % 65536), lan.IsIPv4 ? lan : UdpAddress.Zero, wan.IsIPv4 ? wan : UdpAddress.Zero, ConnectionType.Unknown, _identityIds[i]);
                SendSignedAs(_identities[i], address, SimilarityRequestPayload.MessageId, in payload, globalTime);
                SimilarityRequestsSent++;
            }

            ClearIdentities(count);
        }
    }

    /// <summary>Returns the ids of the local overlays that sign with <paramref name="identity"/> (py-ipv8 <c>get_my_overlays</c>; a new list).</summary>
    public IReadOnlyList<ServiceId> GetMyOverlays(Peer identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var result = new List<ServiceId>();
        foreach (var overlay in Network.GetServiceProviders())
        {
            if (overlay.MyPeer.Equals(identity))
            {
                result.Add(Peers.ServiceId.From(overlay.CommunityId.Span));
            }
        }

        return result;
    }

    private void OnSimilarityRequest(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (!TryReadSigned<SimilarityRequestPayload>(source, datagram, out var sender, out _, out var payload))
        {
            return;
        }

        RecordServices(sender, payload.PreferenceList);

        // Toward a source that is not a verified peer, the replies together are no larger than the request.
        var budget = Network.GetVerifiedByAddress(source) is { } verified && verified.Equals(sender) ? int.MaxValue : datagram.Length;
        var count = CollectIdentities();
        for (var i = 0; i < count; i++)
        {
            var ids = _identityIds[i];
            var overhead = MessageFraming.SignedOverhead(_identities[i].PublicKey) + 4;
            var fit = Math.Min(ids.Count, (budget - overhead) / ServiceId.Length);
            if (fit <= 0)
            {
                break;
            }

            if (fit < ids.Count)
            {
                ids.RemoveRange(fit, ids.Count - fit);
            }

            budget -= overhead + (fit * ServiceId.Length);
            var response = new SimilarityResponsePayload(payload.Identifier, ids);
            SendSignedAs(_identities[i], sender.Address, SimilarityResponsePayload.MessageId, in response, MyPeer.ClaimGlobalTime());
        }

        ClearIdentities(count);
    }

    private void OnSimilarityResponse(Peer sender, ulong globalTime, SimilarityResponsePayload payload)
    {
        if (TrustEnabled)
        {
            // Only a peer verified at this address, or a key proven there, is added (within the cap); nothing else is trusted.
            var trusted = ReferenceEquals(Network.GetVerifiedByPublicKeyBin(sender.PublicKey.KeyBin), sender) ? sender
                : IsProven(sender.Address, sender.PublicKey) ? AdmitVerified(sender, sender.Address, default)
                : null;
            if (trusted is null)
            {
                Drop(DropReason.UntrustedSource, sender.Address);
                return;
            }

            RecordServices(trusted, payload.PreferenceList);
            return;
        }

        if (MaxPeers >= 0 && PeerCount > MaxPeers && Network.GetVerifiedByPublicKeyBin(sender.PublicKey.KeyBin) is null)
        {
            Drop(DropReason.PeerLimit, sender.Address);
            return;
        }

        var held = Network.AddVerifiedPeer(sender) ?? sender;
        RecordServices(held, payload.PreferenceList);
    }

    private void RecordServices(Peer peer, IReadOnlyList<ReadOnlyMemory<byte>> ids)
    {
        var limit = Math.Min(ids.Count, Network.Options.MaxServicesPerPeer);
        var services = ArrayPool<ServiceId>.Shared.Rent(Math.Max(limit, 1));
        try
        {
            var n = 0;
            for (var i = 0; i < ids.Count && n < limit; i++)
            {
                if (ids[i].Length == ServiceId.Length)
                {
                    var service = Peers.ServiceId.From(ids[i].Span);

                    // Trust: a peer never joins a local overlay that is at its max_peers through a similarity response.
                    if (Network.GetServiceProvider(service) is not Community { } local || local.CanHoldMorePeersOrHas(peer))
                    {
                        services[n++] = service;
                    }
                }
            }

            if (n > 0)
            {
                Network.DiscoverServices(peer, services.AsSpan(0, n));
            }
        }
        finally
        {
            ArrayPool<ServiceId>.Shared.Return(services);
        }
    }

    /// <summary>Fills the identity scratch lists from the registered local overlays; returns the number of identities.</summary>
    private int CollectIdentities()
    {
        var count = 0;
        foreach (var overlay in Network.GetServiceProviders())
        {
            var index = -1;
            for (var i = 0; i < count; i++)
            {
                if (_identities[i].Equals(overlay.MyPeer))
                {
                    index = i;
                    break;
                }
            }

            if (index < 0)
            {
                index = count++;
                _identities.Add(overlay.MyPeer);
                if (_identityIds.Count < count)
                {
                    _identityIds.Add([]);
                }
            }

            if (_identityIds[index].Count < MaxIdsPerIdentity)
            {
                _identityIds[index].Add(overlay.CommunityId);
            }
        }

        return count;
    }

    private void ClearIdentities(int count)
    {
        _identities.Clear();
        for (var i = 0; i < count; i++)
        {
            _identityIds[i].Clear();
        }
    }

    private void SendSignedAs<TPayload>(MyPeer identity, UdpAddress destination, byte messageId, in TPayload payload, ulong globalTime)
        where TPayload : IPayload<TPayload>
    {
        var buffer = ArrayPool<byte>.Shared.Rent(EndpointCounters.MaxSendSize);
        try
        {
            var length = MessageFraming.WriteSigned(buffer.AsSpan(0, EndpointCounters.MaxSendSize), Prefix.Bytes, messageId, identity.PrivateKey, globalTime, in payload);
            Endpoint.Send(destination, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
