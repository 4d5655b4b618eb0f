using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Communities;

/// <content>Puncture requests and punctures (spec 5.6, 5.7, 5.13, 5.14).</content>
public partial class Community
{
    /// <summary>
    /// Sends an unsigned puncture-request to <paramref name="destination"/> asking it to puncture toward the walker
    /// (new format when <paramref name="newFormat"/> or an address is IPv6). Claims a global time (unreduced in the Q field).
    /// </summary>
    protected void SendPunctureRequest(UdpAddress destination, UdpAddress lanWalker, UdpAddress wanWalker, ushort identifier, bool newFormat)
    {
        var globalTime = MyPeer.ClaimGlobalTime();
        if (newFormat || lanWalker.IsIPv6 || wanWalker.IsIPv6)
        {
            var payload = new NewPunctureRequestPayload(lanWalker, wanWalker, identifier);
            SendUnsignedSmall(destination, NewPunctureRequestPayload.MessageId, in payload, globalTime);
        }
        else
        {
            var payload = new PunctureRequestPayload(lanWalker, wanWalker, identifier);
            SendUnsignedSmall(destination, PunctureRequestPayload.MessageId, in payload, globalTime);
        }
    }

    private void OnOldPunctureRequest(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (TryReadUnsigned<PunctureRequestPayload>(source, datagram, out _, out var payload))
        {
            HandlePunctureRequest(source, payload.LanWalkerAddress, payload.WanWalkerAddress, payload.Identifier, newFormat: false);
        }
    }

    private void OnNewPunctureRequest(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (TryReadUnsigned<NewPunctureRequestPayload>(source, datagram, out _, out var payload))
        {
            HandlePunctureRequest(source, payload.LanWalkerAddress, payload.WanWalkerAddress, payload.Identifier, newFormat: true);
        }
    }

    private void HandlePunctureRequest(UdpAddress source, UdpAddress lanWalker, UdpAddress wanWalker, ushort identifier, bool newFormat)
    {
        var target = wanWalker.HasSameIp(MyEstimatedWan) ? lanWalker : wanWalker;
        if (target.IsZero)
        {
            return;
        }

        // Trust: only proven addresses (peers, trackers) may make us send, at a bounded rate per requester and per target.
        if (TrustEnabled && !HonourPunctureRequest(source, target))
        {
            return;
        }

        var globalTime = MyPeer.ClaimGlobalTime();
        var lan = MyEstimatedLan;
        if (newFormat || lan.IsIPv6 || wanWalker.IsIPv6)
        {
            var payload = new NewPuncturePayload(lan, wanWalker, identifier);
            SendSignedSmall(target, NewPuncturePayload.MessageId, in payload, globalTime);
        }
        else
        {
            var payload = new PuncturePayload(lan, wanWalker, identifier);
            SendSignedSmall(target, PuncturePayload.MessageId, in payload, globalTime);
        }
    }

    private void OnOldPuncture(UdpAddress source, ReadOnlySpan<byte> datagram)
        => TryReadSigned<PuncturePayload>(source, datagram, out _, out _, out _);

    private void OnNewPuncture(UdpAddress source, ReadOnlySpan<byte> datagram)
        => TryReadSigned<NewPuncturePayload>(source, datagram, out _, out _, out _);
}
