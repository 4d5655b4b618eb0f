using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>
/// Seals a <see cref="PageCursor"/> into an opaque cookie: version, cursor, expiry, and an HMAC-SHA256 (first 16 bytes)
/// with a secret drawn per point at start-up over all of those plus the namespace and the requester's key bin. A cookie
/// therefore opens only for the same requester and namespace, before its expiry, unchanged, and only once
/// (<see cref="TryOpen"/> remembers the MACs of used cookies, bounded, oldest forgotten first). Not thread-safe.
/// </summary>
internal sealed class CookieCodec(int maxRemembered, CounterSet<RendezvousCounter> counters)
{
    public const int Length = 1 + 8 + 8 + 1 + 2 + 2 + 8 + MacLength;
    private const byte Version = 1;
    private const int MacLength = 16;
    private const int BodyLength = Length - MacLength;

    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(32);
    private readonly HashSet<UInt128> _used = [];
    private readonly Queue<UInt128> _usedOrder = new();

    /// <summary>The outcome of <see cref="TryOpen"/>.</summary>
    public enum OpenResult
    {
        Opened,
        Tampered,
        Expired,
        Replayed,
    }

    public byte[] Seal(PageCursor cursor, long expiresAtTicks, string ns, ReadOnlySpan<byte> requesterKey)
    {
        var cookie = new byte[Length];
        cookie[0] = Version;
        BinaryPrimitives.WriteUInt64BigEndian(cookie.AsSpan(1), cursor.Start);
        BinaryPrimitives.WriteUInt64BigEndian(cookie.AsSpan(9), cursor.Next);
        cookie[17] = cursor.Wrapped ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt16BigEndian(cookie.AsSpan(18), (ushort)cursor.Returned);
        BinaryPrimitives.WriteUInt16BigEndian(cookie.AsSpan(20), (ushort)cursor.Limit);
        BinaryPrimitives.WriteInt64BigEndian(cookie.AsSpan(22), expiresAtTicks);
        Mac(cookie.AsSpan(0, BodyLength), ns, requesterKey, cookie.AsSpan(BodyLength));
        return cookie;
    }

    public OpenResult TryOpen(ReadOnlySpan<byte> cookie, string ns, ReadOnlySpan<byte> requesterKey, long nowTicks, out PageCursor cursor)
    {
        cursor = default;
        if (cookie.Length != Length || cookie[0] != Version)
        {
            return OpenResult.Tampered;
        }

        Span<byte> expected = stackalloc byte[MacLength];
        Mac(cookie[..BodyLength], ns, requesterKey, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, cookie[BodyLength..]))
        {
            return OpenResult.Tampered;
        }

        if (BinaryPrimitives.ReadInt64BigEndian(cookie[22..]) <= nowTicks)
        {
            return OpenResult.Expired;
        }

        var mac = BinaryPrimitives.ReadUInt128BigEndian(cookie[BodyLength..]);
        if (!_used.Add(mac))
        {
            return OpenResult.Replayed;
        }

        _usedOrder.Enqueue(mac);
        if (_usedOrder.Count > maxRemembered)
        {
            _used.Remove(_usedOrder.Dequeue());
            counters.Increment(RendezvousCounter.CookiesForgotten);
        }

        cursor = new PageCursor(
            BinaryPrimitives.ReadUInt64BigEndian(cookie[1..]),
            BinaryPrimitives.ReadUInt64BigEndian(cookie[9..]),
            cookie[17] != 0,
            BinaryPrimitives.ReadUInt16BigEndian(cookie[18..]),
            BinaryPrimitives.ReadUInt16BigEndian(cookie[20..]));
        return cursor.Returned > cursor.Limit || cursor.Limit > RendezvousOptions.MaxDiscoverLimit ? OpenResult.Tampered : OpenResult.Opened;
    }

    private void Mac(ReadOnlySpan<byte> body, string ns, ReadOnlySpan<byte> requesterKey, Span<byte> destination)
    {
        var nsBytes = Encoding.UTF8.GetBytes(ns);
        var input = new byte[body.Length + 2 + nsBytes.Length + requesterKey.Length];
        body.CopyTo(input);
        BinaryPrimitives.WriteUInt16BigEndian(input.AsSpan(body.Length), (ushort)nsBytes.Length);
        nsBytes.CopyTo(input.AsSpan(body.Length + 2));
        requesterKey.CopyTo(input.AsSpan(body.Length + 2 + nsBytes.Length));
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_secret, input, full);
        full[..MacLength].CopyTo(destination);
    }
}
