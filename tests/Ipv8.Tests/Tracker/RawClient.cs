using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Tests.Tracker;

/// <summary>
/// A hand-driven client: builds old-format introduction-requests for any prefix, answers the tracker's pings with a
/// signed 245 echoing the identifier, and keeps the 245s it receives.
/// </summary>
internal sealed class RawClient(IEndpoint endpoint, PrivateKey key, KeyFactory keys) : IDatagramListener
{
    public List<byte[]> Responses { get; } = [];

    public int PingsAnswered { get; private set; }

    /// <summary>Gets or sets a value indicating whether received 245s are kept in <see cref="Responses"/> (else only counted).</summary>
    public bool KeepResponses { get; set; } = true;

    public int ResponseCount { get; private set; }

    public bool AnswerPings { get; set; } = true;

    public static byte[] BuildRequest(PrivateKey key, ReadOnlySpan<byte> prefix, UdpAddress destination, UdpAddress lan, ushort identifier)
    {
        var payload = new IntroductionRequestPayload(destination, lan, lan, Advice: true, ConnectionType.Unknown, identifier);
        var buffer = new byte[1024];
        var length = MessageFraming.WriteSigned(buffer, prefix, IntroductionRequestPayload.MessageId, key, identifier, in payload);
        return buffer[..length];
    }

    public static byte[] BuildResponse(PrivateKey key, ReadOnlySpan<byte> prefix, UdpAddress destination, UdpAddress own, ushort identifier)
    {
        var payload = new IntroductionResponsePayload(destination, own, own, default, default, ConnectionType.Unknown, identifier);
        var buffer = new byte[1024];
        var length = MessageFraming.WriteSigned(buffer, prefix, IntroductionResponsePayload.MessageId, key, identifier, in payload);
        return buffer[..length];
    }

    public void Request(UdpAddress tracker, ReadOnlySpan<byte> prefix, ushort identifier)
        => endpoint.Send(tracker, BuildRequest(key, prefix, tracker, endpoint.LocalAddress, identifier));

    public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length <= CommunityPrefix.HeaderLength)
        {
            return;
        }

        var id = datagram[CommunityPrefix.Length];
        if (id == IntroductionResponsePayload.MessageId)
        {
            ResponseCount++;
            if (KeepResponses)
            {
                Responses.Add(datagram.ToArray());
            }
        }
        else if (id == IntroductionRequestPayload.MessageId && AnswerPings
                 && SignedMessage.TryParse(datagram, true, keys.TryParsePublicKey, out var message, out _)
                 && message.Verify()
                 && message.TryReadPayload<IntroductionRequestPayload>(out var ping, out _))
        {
            PingsAnswered++;
            endpoint.Send(source, BuildResponse(key, datagram[..CommunityPrefix.Length], source, endpoint.LocalAddress, ping.Identifier));
        }
    }
}
