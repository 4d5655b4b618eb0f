using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Peers;

namespace Ipv8.Communities;

/// <content>Introduction requests and responses (spec 5.2-5.5, 5.8-5.12, 5.15).</content>
public partial class Community
{
    /// <summary>
    /// Sends an introduction request to <paramref name="address"/> (py-ipv8 <c>walk_to</c>): new format when the
    /// address is recorded as new-style or is IPv6, else old format (spec 5.8). Takes the network lock.
    /// </summary>
    public void WalkTo(UdpAddress address)
    {
        lock (Network.SyncRoot)
        {
            var newStyle = address.IsIPv6 || Network.IsNewStyleAddress(address) || Network.GetVerifiedByAddress(address) is { NewStyleIntro: true };
            SendIntroductionRequest(address, newStyle);
        }
    }

    /// <summary>Sends an introduction request to <paramref name="peer"/>'s preferred address, in the format the peer is known to speak.</summary>
    public void SendIntroductionRequest(Peer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        lock (Network.SyncRoot)
        {
            SendIntroductionRequest(peer.Address, peer.NewStyleIntro || peer.Address.IsIPv6);
        }
    }

    /// <summary>
    /// Called after an introduction request was answered (spec 5.10 step 6), under the network lock. Does nothing by
    /// default; exceptions count as <see cref="DropReason.HandlerFailed"/>.
    /// </summary>
    protected virtual void OnIntroductionRequest(Peer peer, in IntroductionRequestInfo request)
    {
    }

    /// <summary>
    /// Called after an introduction response was processed (spec 5.12 step 6), under the network lock. Does nothing by
    /// default (DiscoveryCommunity sends a similarity request); exceptions count as <see cref="DropReason.HandlerFailed"/>.
    /// </summary>
    protected virtual void OnIntroductionResponse(Peer peer, in IntroductionResponseInfo response)
    {
    }

    /// <summary>
    /// Returns true when the community refuses introduction requests because it has more than
    /// <see cref="MaxPeers"/> peers (spec 6.4; never when <see cref="MaxPeers"/> is negative).
    /// </summary>
    protected bool IsOverPeerLimit() => MaxPeers >= 0 && MaxPeers < PeerCount;

    /// <summary>
    /// Builds and sends the introduction response to <paramref name="requester"/> (spec 5.11), preceded by a
    /// puncture-request to the introduced peer, if any. Used by the request handlers and by overlays that override
    /// the request handling (DiscoveryCommunity's id 246).
    /// </summary>
    /// <param name="requester">The peer that asked; the response goes to its preferred address.</param>
    /// <param name="socketAddress">The requester's address as we see it (the UDP source).</param>
    /// <param name="lanSocketAddress">The request's <c>destination_address</c> (our address as the requester saw it).</param>
    /// <param name="identifier">The request identifier.</param>
    /// <param name="newFormat">Whether to answer with id 233 (else 245; forced when an address is IPv6).</param>
    /// <param name="introduce">The peer to introduce; null picks one at random among this community's peers.</param>
    protected void SendIntroductionResponse(Peer requester, UdpAddress socketAddress, UdpAddress lanSocketAddress, ushort identifier, bool newFormat, Peer? introduce = null)
    {
        ArgumentNullException.ThrowIfNull(requester);
        SendIntroductionResponseCore(requester, requester.Address, socketAddress, lanSocketAddress, identifier, newFormat, introduce, unproven: false);
    }

    /// <summary>
    /// Builds and sends an introduction response to <paramref name="destination"/>. <paramref name="unproven"/>: the
    /// destination has not proven itself, so nobody is introduced (no puncture-request goes out on its behalf) and the
    /// response is sent only if the reflection ledger allows it. Returns false when it was not sent for that reason.
    /// <paramref name="introduceNobody"/>: no introduction (and so no puncture-request) although the ledger is not used.
    /// </summary>
    private bool SendIntroductionResponseCore(Peer requester, UdpAddress destination, UdpAddress socketAddress, UdpAddress lanSocketAddress, ushort identifier, bool newFormat, Peer? introduce, bool unproven, bool introduceNobody = false)
    {
        if (unproven && _trust.Ledger.Available(destination, NowTicks) < MessageFraming.SignedOverhead(MyPeer.PublicKey) + IntroductionRequestPayload.FixedLength)
        {
            // Not even a minimal signed answer fits: refuse before signing.
            _trust.Counters.Increment(TrustCounter.ReflectionBudgetDrops);
            Drop(DropReason.ReflectionBudget, destination);
            return false;
        }

        var globalTime = (ushort)(MyPeer.ClaimGlobalTime() % 65536);
        var lan = MyEstimatedLan;
        var wan = MyEstimatedWan;
        newFormat |= socketAddress.IsIPv6 || lan.IsIPv6 || wan.IsIPv6;
        if (!unproven && !introduceNobody)
        {
            introduce ??= ChooseIntroduction(socketAddress, newFormat);
        }
        else
        {
            introduce = null;
        }

        UdpAddress lanIntro = default, wanIntro = default;
        if (introduce is not null)
        {
            var address = introduce.Address;
            if (address.IsIPv4 && IsOwnInterfaceAddress(address))
            {
                lanIntro = address;
                wanIntro = wan.IsIPv4 ? UdpAddress.FromIPv4(wan.IPv4Value, address.Port) : address;
            }
            else
            {
                lanIntro = introduce.LanAddress ?? UdpAddress.Zero;
                wanIntro = address;
            }

            if (!newFormat && (lanIntro.IsIPv6 || wanIntro.IsIPv6))
            {
                lanIntro = wanIntro = UdpAddress.Zero;
            }
            else
            {
                SendPunctureRequest(address, lanSocketAddress, socketAddress, identifier, requester.NewStyleIntro);
            }
        }

        var introNewStyle = introduce?.NewStyleIntro ?? false;
        Span<byte> buffer = stackalloc byte[SmallBufferSize];
        int length;
        if (newFormat)
        {
            var payload = new NewIntroductionResponsePayload(
                socketAddress, lan, PreferredOwnAddress, lanIntro, wanIntro, identifier,
                introNewStyle ? NewIntroductionResponseFlags.IntroSupportsNewStyle : NewIntroductionResponseFlags.None);
            length = MessageFraming.WriteSignedBody(buffer, Prefix.Bytes, NewIntroductionResponsePayload.MessageId, MyPeer.PrivateKey.PublicKey, globalTime, in payload);
        }
        else
        {
            var peerLimit = MaxPeers >= 0 && MaxPeers <= PeerCount;
            var payload = new IntroductionResponsePayload(
                socketAddress, lan, wan, lanIntro, wanIntro, ConnectionType.Unknown, identifier,
                SupportsNewStyle: true, IntroSupportsNewStyle: introNewStyle, PeerLimitReached: peerLimit);
            length = MessageFraming.WriteSignedBody(buffer, Prefix.Bytes, IntroductionResponsePayload.MessageId, MyPeer.PrivateKey.PublicKey, globalTime, in payload);
        }

        var body = length;
        length += MyPeer.PrivateKey.SignatureLength;
        if (unproven && !_trust.Ledger.TrySpend(destination, length, NowTicks))
        {
            _trust.Counters.Increment(TrustCounter.ReflectionBudgetDrops);
            Drop(DropReason.ReflectionBudget, destination);
            return false;
        }

        SendSignedBody(destination, buffer, body);
        return true;
    }

    private void InstallDiscoveryHandlers()
    {
        AddMessageHandler(IntroductionRequestPayload.MessageId, OnOldIntroductionRequest);
        AddMessageHandler(NewIntroductionRequestPayload.MessageId, OnNewIntroductionRequest);
        AddMessageHandler(IntroductionResponsePayload.MessageId, OnOldIntroductionResponse);
        AddMessageHandler(NewIntroductionResponsePayload.MessageId, OnNewIntroductionResponse);
        AddMessageHandler(PunctureRequestPayload.MessageId, OnOldPunctureRequest);
        AddMessageHandler(NewPunctureRequestPayload.MessageId, OnNewPunctureRequest);
        AddMessageHandler(PuncturePayload.MessageId, OnOldPuncture);
        AddMessageHandler(NewPuncturePayload.MessageId, OnNewPuncture);
    }

    private void SendIntroductionRequest(UdpAddress destination, bool newFormat)
    {
        var globalTime = (ushort)(MyPeer.ClaimGlobalTime() % 65536);
        var identifier = globalTime;
        var pad = 0;
        if (TrustEnabled)
        {
            // A random identifier remembered with the destination: the response that echoes it from there is the proof.
            identifier = RegisterWalk(destination, identifier);
            if (_trust.Options.PadWalks)
            {
                pad = newFormat || destination.IsIPv6 ? NewWalkPadding : OldWalkPadding;
            }
        }

        Span<byte> buffer = stackalloc byte[SmallBufferSize];
        var length = WriteIntroductionRequest(buffer, destination, newFormat, identifier, globalTime, pad);
        Endpoint.Send(destination, buffer[..length]);
    }

    private void OnOldIntroductionRequest(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (TryReadSigned<IntroductionRequestPayload>(source, datagram, out var peer, out _, out var payload))
        {
            if (payload.SupportsNewStyle)
            {
                peer.NewStyleIntro = true;
            }

            HandleIntroductionRequest(source, peer, new IntroductionRequestInfo(
                payload.DestinationAddress, payload.SourceLanAddress, payload.SourceWanAddress, payload.Identifier, false, payload.ExtraBytes), datagram.Length);
        }
    }

    private void OnNewIntroductionRequest(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (TryReadSigned<NewIntroductionRequestPayload>(source, datagram, out var peer, out _, out var payload))
        {
            peer.NewStyleIntro = true;
            HandleIntroductionRequest(source, peer, new IntroductionRequestInfo(
                payload.DestinationAddress, payload.SourceLanAddress, payload.SourceWanAddress, payload.Identifier, true, payload.ExtraBytes), datagram.Length);
        }
    }

    private void HandleIntroductionRequest(UdpAddress source, Peer peer, in IntroductionRequestInfo request, int length)
    {
        if (TrustEnabled)
        {
            HandleIntroductionRequestTrusted(source, peer, in request, length, legacy: false);
            return;
        }

        if (IsOverPeerLimit())
        {
            Drop(DropReason.PeerLimit, source);
            return;
        }

        if (request.SourceLanAddress.IsIPv4)
        {
            peer.SetLanAddress(request.SourceLanAddress);
        }

        var held = Network.AddVerifiedPeer(peer) ?? peer;
        Network.DiscoverServices(held, _serviceId);
        SendIntroductionResponse(held, source, request.DestinationAddress, request.Identifier, held.NewStyleIntro);
        OnIntroductionRequest(held, in request);
    }

    private void OnOldIntroductionResponse(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (TryReadSigned<IntroductionResponsePayload>(source, datagram, out var peer, out _, out var payload))
        {
            if (payload.SupportsNewStyle)
            {
                peer.NewStyleIntro = true;
            }

            HandleIntroductionResponse(source, peer, new IntroductionResponseInfo(
                payload.DestinationAddress, payload.SourceLanAddress, payload.SourceWanAddress, payload.LanIntroductionAddress,
                payload.WanIntroductionAddress, payload.Identifier, payload.IntroSupportsNewStyle, payload.PeerLimitReached, false, payload.ExtraBytes));
        }
    }

    private void OnNewIntroductionResponse(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (TryReadSigned<NewIntroductionResponsePayload>(source, datagram, out var peer, out _, out var payload))
        {
            peer.NewStyleIntro = true;
            HandleIntroductionResponse(source, peer, new IntroductionResponseInfo(
                payload.DestinationAddress, payload.SourceLanAddress, payload.SourceWanAddress, payload.LanIntroductionAddress,
                payload.WanIntroductionAddress, payload.Identifier, payload.IntroSupportsNewStyle, false, true, payload.ExtraBytes));
        }
    }

    private void HandleIntroductionResponse(UdpAddress source, Peer peer, in IntroductionResponseInfo response)
    {
        if (TrustEnabled)
        {
            HandleIntroductionResponseTrusted(source, peer, in response);
            return;
        }

        UpdateOwnAddress(response.DestinationAddress);
        SwitchInterface(peer, peer.NewStyleIntro, in response);
        var held = Network.AddVerifiedPeer(peer) ?? peer;
        Network.DiscoverServices(held, _serviceId);
        LearnIntroductions(held, in response);
        OnIntroductionResponse(held, in response);
    }

    private void UpdateOwnAddress(UdpAddress destination)
    {
        if (destination.IsIPv4 && !destination.IsZero && !IsPrivateIPv4(destination))
        {
            MyEstimatedWan = destination;
        }

        MyPeer.AddAddress(destination);
    }

    private void LearnIntroductions(Peer held, in IntroductionResponseInfo response)
    {
        var lanIntro = response.LanIntroductionAddress;
        var wanIntro = response.WanIntroductionAddress;
        var wan = MyEstimatedWan;
        var newStyle = response.IntroSupportsNewStyle;
        if (!wanIntro.IsZero && !wanIntro.HasSameIp(wan))
        {
            if (!lanIntro.IsZero)
            {
                Network.DiscoverAddress(held, lanIntro, _serviceId, newStyle);
            }

            Network.DiscoverAddress(held, wanIntro, _serviceId, newStyle);
        }
        else if (!lanIntro.IsZero && wanIntro.HasSameIp(wan))
        {
            Network.DiscoverAddress(held, lanIntro, _serviceId, newStyle);
        }
        else if (!wanIntro.IsZero)
        {
            Network.DiscoverAddress(held, wanIntro, _serviceId, newStyle);
            var lan = MyEstimatedLan;
            if (!lan.IsZero && lan.IsIPv4 == wanIntro.IsIPv4)
            {
                Network.DiscoverAddress(held, lan.WithPort(wanIntro.Port), _serviceId, newStyle);
            }
        }
    }

    private Peer? ChooseIntroduction(UdpAddress exclude, bool newFormat)
    {
        _peerScratch.Clear();
        var excluded = Network.GetVerifiedByAddress(exclude);
        Network.CopyPeersForService(_serviceId, _peerScratch);
        var kept = 0;
        for (var i = 0; i < _peerScratch.Count; i++)
        {
            var candidate = _peerScratch[i];
            if (!ReferenceEquals(candidate, excluded) && (newFormat || candidate.Address.IsIPv4) && !candidate.Address.IsZero)
            {
                _peerScratch[kept++] = candidate;
            }
        }

        // Rotated per requester rather than drawn independently: a requester asking us again learns a peer it has not
        // been introduced to by us (see IntroductionRotation).
        var chosen = _introductionRotation.Choose(exclude, _peerScratch, kept, Random);
        _peerScratch.Clear();
        return chosen;
    }
}
