using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Security;

/// <summary>Packets an attacker builds by hand, and the traffic bookkeeping of the reflection tests.</summary>
internal static class Attack
{
    /// <summary>A signed old-format introduction-request to <paramref name="destination"/> claiming <paramref name="claimed"/> as its addresses.</summary>
    public static byte[] IntroductionRequest(CommunityPrefix prefix, PrivateKey key, UdpAddress destination, UdpAddress claimed, ushort identifier)
    {
        var payload = new IntroductionRequestPayload(destination, claimed, claimed, true, ConnectionType.Unknown, identifier);
        var buffer = new byte[1024];
        var length = MessageFraming.WriteSigned(buffer, prefix.Bytes, IntroductionRequestPayload.MessageId, key, identifier, in payload);
        return buffer[..length];
    }

    /// <summary>A signed new-format introduction-request (id 234, IPv6-capable) to <paramref name="destination"/> claiming <paramref name="claimed"/>.</summary>
    public static byte[] NewIntroductionRequest(CommunityPrefix prefix, PrivateKey key, UdpAddress destination, UdpAddress claimed, ushort identifier)
    {
        var payload = new NewIntroductionRequestPayload(destination, claimed, claimed, identifier);
        var buffer = new byte[1024];
        var length = MessageFraming.WriteSigned(buffer, prefix.Bytes, NewIntroductionRequestPayload.MessageId, key, identifier, in payload);
        return buffer[..length];
    }

    /// <summary>An unsigned old-format puncture-request naming <paramref name="walker"/> as the walker to puncture toward.</summary>
    public static byte[] PunctureRequest(CommunityPrefix prefix, UdpAddress walker, ushort identifier)
    {
        var payload = new PunctureRequestPayload(walker, walker, identifier);
        var buffer = new byte[256];
        var length = MessageFraming.WriteUnsigned(buffer, prefix.Bytes, PunctureRequestPayload.MessageId, identifier, in payload);
        return buffer[..length];
    }

    /// <summary>Bytes and packets the overlays of a bed sent to <paramref name="victim"/> (skipping the first <paramref name="skip"/>).</summary>
    public static (long Bytes, long Packets) SentTo(SimulatedBed bed, UdpAddress victim, int skip = 0)
    {
        var toVictim = bed.Sent.Where(d => d.Destination == victim).Skip(skip).ToList();
        return (toVictim.Sum(d => (long)d.Data.Length), toVictim.Count);
    }
}
