using System.Buffers.Binary;
using Ipv8.Messaging;

namespace Ipv8.Peers;

/// <content>Snapshot and load of verified peer addresses (spec 6.3).</content>
public sealed partial class Network
{
    /// <summary>
    /// Returns the preferred addresses of the verified peers (except <c>0.0.0.0:0</c>), each encoded with the
    /// serializer's <c>address</c> code (<c>0x01</c> ‖ 4 bytes ‖ port, or <c>0x03</c> ‖ 16 bytes ‖ port), concatenated.
    /// </summary>
    public byte[] Snapshot()
    {
        lock (SyncRoot)
        {
            var size = 0;
            foreach (var peer in _verified)
            {
                size += peer.Address.IsZero ? 0 : peer.Address.IsIPv6 ? 19 : 7;
            }

            var result = new byte[size];
            var offset = 0;
            foreach (var peer in _verified)
            {
                var address = peer.Address;
                if (address.IsZero)
                {
                    continue;
                }

                if (address.IsIPv6)
                {
                    result[offset] = 0x03;
                    address.WriteIPv6Bytes(result.AsSpan(offset + 1, 16));
                    BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(offset + 17), address.Port);
                    offset += 19;
                }
                else
                {
                    result[offset] = 0x01;
                    address.WriteIPv4Bytes(result.AsSpan(offset + 1, 4));
                    BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(offset + 5), address.Port);
                    offset += 7;
                }
            }

            return result;
        }
    }

    /// <summary>
    /// Adds the addresses of a <see cref="Snapshot"/> as plain known addresses (no introducer, no service, old style),
    /// stopping at the first entry that cannot be decoded. Host-name entries (type <c>0x02</c>) are skipped.
    /// Never throws for malformed data.
    /// </summary>
    /// <returns>The number of addresses read.</returns>
    public int LoadSnapshot(ReadOnlySpan<byte> snapshot)
    {
        var count = 0;
        lock (SyncRoot)
        {
            while (!snapshot.IsEmpty)
            {
                var type = snapshot[0];
                if (type == 0x01 && snapshot.Length >= 7)
                {
                    AddKnownAddress(UdpAddress.FromIPv4(snapshot.Slice(1, 4), BinaryPrimitives.ReadUInt16BigEndian(snapshot[5..])), null, null, false);
                    snapshot = snapshot[7..];
                }
                else if (type == 0x03 && snapshot.Length >= 19)
                {
                    AddKnownAddress(UdpAddress.FromIPv6(snapshot.Slice(1, 16), BinaryPrimitives.ReadUInt16BigEndian(snapshot[17..])), null, null, false);
                    snapshot = snapshot[19..];
                }
                else if (type == 0x02 && snapshot.Length >= 3 && snapshot.Length >= 5 + BinaryPrimitives.ReadUInt16BigEndian(snapshot[1..]))
                {
                    snapshot = snapshot[(5 + BinaryPrimitives.ReadUInt16BigEndian(snapshot[1..]))..];
                    continue;
                }
                else
                {
                    break;
                }

                count++;
            }
        }

        return count;
    }
}
