using Ipv8.Messaging;
using Ipv8.Tests.Communities;

namespace Ipv8.Tests.Rendezvous;

/// <summary>Reads the payloads of signed dataclass-style datagrams (no global time) out of a bed's send log.</summary>
internal static class WireLog
{
    public static List<T> Payloads<T>(IEnumerable<SentDatagram> sent, UdpAddress from, UdpAddress to, byte messageId)
        where T : IPayload<T>
    {
        var result = new List<T>();
        foreach (var datagram in sent.Where(d => d.Source == from && d.Destination == to && d.Data.Length > 25 && d.Data[22] == messageId))
        {
            var keyLength = (datagram.Data[23] << 8) | datagram.Data[24];
            var body = datagram.Data.AsSpan(25 + keyLength, datagram.Data.Length - 25 - keyLength - 64);
            var reader = new PacketReader(body);
            if (T.TryRead(ref reader, out var payload))
            {
                result.Add(payload);
            }
        }

        return result;
    }
}
