using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ipv8.Connectivity.Nat;
using Ipv8.Keys;

namespace Ipv8.Connectivity.Reachability;

/// <summary>
/// A node's signed statement of how to reach it: its IPv8 public key, its addresses, its TCP listen port,
/// its NAT class and a validity window. Wire form (big-endian): <c>"RCH1"</c> ‖ u16 key length ‖ key bin ‖
/// u8 address count (≤ <see cref="MaxAddresses"/>) ‖ per address u8 length (4 or 16) ‖ bytes ‖ u16 TCP port ‖
/// u8 mapping ‖ u8 filtering ‖ u8 allocation ‖ i16 port delta ‖ i64 issued (Unix ms) ‖ i64 expires (Unix ms)
/// ‖ u16 signature length ‖ signature. The signature is the key's, over a domain-separation label followed by
/// every byte before the signature length, so a record cannot be replayed as any other signed IPv8 object.
/// </summary>
public sealed class ReachabilityRecord
{
    /// <summary>Most addresses a record lists: 16.</summary>
    public const int MaxAddresses = 16;

    /// <summary>Largest encoded record accepted: 2048 bytes.</summary>
    public const int MaxEncodedLength = 2048;

    /// <summary>Longest validity window accepted: 7 days.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    /// <summary>How far in the future <see cref="IssuedAt"/> may lie (clock skew): 5 minutes.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    private static readonly byte[] Magic = "RCH1"u8.ToArray();
    private static readonly byte[] SignatureLabel = Encoding.ASCII.GetBytes("ipv8-connectivity/reachability-record/v1\0");

    private readonly byte[] _encoded;

    private ReachabilityRecord(PublicKey key, IReadOnlyList<IPAddress> addresses, int tcpPort, NatClass nat, DateTimeOffset issuedAt, DateTimeOffset expiresAt, byte[] encoded)
    {
        Key = key;
        Addresses = addresses;
        TcpPort = tcpPort;
        Nat = nat;
        IssuedAt = issuedAt;
        ExpiresAt = expiresAt;
        _encoded = encoded;
    }

    /// <summary>Gets the node's IPv8 public key: the key a pipe to it must authenticate with.</summary>
    public PublicKey Key { get; }

    /// <summary>Gets the addresses (IPv4 and IPv6) the node can be reached at.</summary>
    public IReadOnlyList<IPAddress> Addresses { get; }

    /// <summary>Gets the TCP port its pipe server listens on (0: none, reverse or punching only).</summary>
    public int TcpPort { get; }

    /// <summary>Gets its NAT class.</summary>
    public NatClass Nat { get; }

    /// <summary>Gets when the record was signed.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>Gets when the record stops being valid.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>Gets the TCP endpoints (each address with <see cref="TcpPort"/>); empty when the port is 0.</summary>
    public IEnumerable<IPEndPoint> TcpEndPoints => TcpPort == 0 ? [] : Addresses.Select(a => new IPEndPoint(a, TcpPort));

    /// <summary>Signs a new record with <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">More than <see cref="MaxAddresses"/> addresses, an address that is neither IPv4 nor IPv6, a port outside 0-65535, a delta outside a 16-bit range, or a lifetime that is not positive or exceeds <see cref="MaxLifetime"/>.</exception>
    public static ReachabilityRecord Create(PrivateKey key, IReadOnlyList<IPAddress> addresses, int tcpPort, NatClass nat, DateTimeOffset issuedAt, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(addresses);
        ArgumentNullException.ThrowIfNull(nat);
        if (addresses.Count > MaxAddresses)
            throw new ArgumentException($"A reachability record lists at most {MaxAddresses} addresses.", nameof(addresses));
        if (addresses.Any(a => a.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)))
            throw new ArgumentException("Reachability records carry IPv4 and IPv6 addresses only.", nameof(addresses));
        if (tcpPort is < 0 or > 65535)
            throw new ArgumentException($"TCP port {tcpPort} is outside 0-65535.", nameof(tcpPort));
        if (nat.PortDelta is < short.MinValue or > short.MaxValue)
            throw new ArgumentException("The port delta must fit 16 bits.", nameof(nat));
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
            throw new ArgumentException($"The lifetime must be positive and at most {MaxLifetime}.", nameof(lifetime));

        var keyBin = key.PublicKey.KeyBin;
        var body = new List<byte>(256);
        body.AddRange(Magic);
        AddUInt16(body, keyBin.Length);
        body.AddRange(keyBin.ToArray());
        body.Add((byte)addresses.Count);
        foreach (var address in addresses)
        {
            var bytes = address.GetAddressBytes();
            body.Add((byte)bytes.Length);
            body.AddRange(bytes);
        }

        AddUInt16(body, tcpPort);
        body.Add((byte)nat.Mapping);
        body.Add((byte)nat.Filtering);
        body.Add((byte)nat.Allocation);
        AddUInt16(body, (ushort)(short)nat.PortDelta);
        var expiresAt = issuedAt + lifetime;
        AddInt64(body, issuedAt.ToUnixTimeMilliseconds());
        AddInt64(body, expiresAt.ToUnixTimeMilliseconds());

        var signedLength = body.Count;
        var signature = new byte[key.SignatureLength];
        key.Sign(SignedBytes(body.ToArray().AsSpan()), signature);
        AddUInt16(body, signature.Length);
        body.AddRange(signature);
        var encoded = body.ToArray();
        if (encoded.Length > MaxEncodedLength)
            throw new ArgumentException($"The record would be {encoded.Length} bytes, over the {MaxEncodedLength}-byte limit.", nameof(addresses));
        return new ReachabilityRecord(key.PublicKey, addresses.ToArray(), tcpPort, nat,
            DateTimeOffset.FromUnixTimeMilliseconds(issuedAt.ToUnixTimeMilliseconds()), DateTimeOffset.FromUnixTimeMilliseconds(expiresAt.ToUnixTimeMilliseconds()), encoded);
    }

    /// <summary>
    /// Parses and verifies an encoded record. Never throws: false with a reason when the bytes are malformed
    /// or oversized, the key does not parse, the signature does not verify, the record has expired at
    /// <paramref name="now"/>, was issued more than <see cref="MaxClockSkew"/> in the future, or claims a window
    /// longer than <see cref="MaxLifetime"/>.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> encoded, KeyFactory keys, DateTimeOffset now, [NotNullWhen(true)] out ReachabilityRecord? record, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(keys);
        record = null;
        if (encoded.Length > MaxEncodedLength)
            return Fail($"{encoded.Length} bytes exceeds the {MaxEncodedLength}-byte limit", out error);
        var reader = new SpanReader(encoded);
        if (!reader.TryTake(Magic.Length, out var magic) || !magic.SequenceEqual(Magic))
            return Fail("not a reachability record (magic)", out error);
        if (!reader.TryUInt16(out var keyLength) || !reader.TryTake(keyLength, out var keyBin))
            return Fail("truncated key", out error);
        if (!keys.TryParsePublicKey(keyBin, out var key))
            return Fail("the key is not a public key bin", out error);
        if (!reader.TryTake(1, out var countByte) || countByte[0] > MaxAddresses)
            return Fail($"missing address count or more than {MaxAddresses} addresses", out error);
        var addresses = new IPAddress[countByte[0]];
        for (var i = 0; i < addresses.Length; i++)
        {
            if (!reader.TryTake(1, out var lengthByte) || lengthByte[0] is not (4 or 16) || !reader.TryTake(lengthByte[0], out var addressBytes))
                return Fail($"address {i} is truncated or not 4 or 16 bytes", out error);
            addresses[i] = new IPAddress(addressBytes);
        }

        if (!reader.TryUInt16(out var port) || !reader.TryTake(3, out var natBytes) || !reader.TryUInt16(out var deltaBits)
            || !reader.TryInt64(out var issuedMs) || !reader.TryInt64(out var expiresMs))
        {
            return Fail("truncated port, NAT class or validity window", out error);
        }

        if (!Enum.IsDefined((NatMapping)natBytes[0]) || !Enum.IsDefined((NatFiltering)natBytes[1]) || !Enum.IsDefined((PortAllocation)natBytes[2]))
            return Fail("unknown NAT class value", out error);
        var signedLength = reader.Offset;
        if (!reader.TryUInt16(out var signatureLength) || !reader.TryTake(signatureLength, out var signature))
            return Fail("truncated signature", out error);
        if (reader.Offset != encoded.Length)
            return Fail($"{encoded.Length - reader.Offset} trailing bytes", out error);
        if (!key.Verify(signature, SignedBytes(encoded[..signedLength])))
            return Fail("the signature does not verify", out error);

        const long minMs = -62135596800000L;
        const long maxMs = 253402300799999L;
        if (issuedMs is < minMs or > maxMs || expiresMs is < minMs or > maxMs)
            return Fail("timestamps out of range", out error);
        var issuedAt = DateTimeOffset.FromUnixTimeMilliseconds(issuedMs);
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(expiresMs);
        if (expiresAt <= issuedAt || expiresAt - issuedAt > MaxLifetime)
            return Fail($"validity window {issuedAt:O}..{expiresAt:O} is empty or longer than {MaxLifetime}", out error);
        if (issuedAt > now + MaxClockSkew)
            return Fail($"issued at {issuedAt:O}, in the future", out error);
        if (expiresAt <= now)
            return Fail($"expired at {expiresAt:O}", out error);

        var nat = new NatClass((NatMapping)natBytes[0], (NatFiltering)natBytes[1], (PortAllocation)natBytes[2], (short)deltaBits);
        record = new ReachabilityRecord(key, addresses, port, nat, issuedAt, expiresAt, encoded.ToArray());
        error = null;
        return true;
    }

    /// <summary>Gets the encoded, signed record (a copy).</summary>
    public byte[] Encode() => (byte[])_encoded.Clone();

    /// <summary>Gets whether the record is still valid at <paramref name="now"/>.</summary>
    public bool IsValidAt(DateTimeOffset now) => now < ExpiresAt && IssuedAt <= now + MaxClockSkew;

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Key.MidHex[..8]} tcp={TcpPort} addrs=[{string.Join(", ", Addresses)}] {Nat} until {ExpiresAt:O}";

    private static byte[] SignedBytes(ReadOnlySpan<byte> body)
    {
        var data = new byte[SignatureLabel.Length + body.Length];
        SignatureLabel.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(SignatureLabel.Length));
        return data;
    }

    private static void AddUInt16(List<byte> body, int value)
    {
        body.Add((byte)(value >> 8));
        body.Add((byte)value);
    }

    private static void AddInt64(List<byte> body, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        foreach (var b in bytes)
            body.Add(b);
    }

    private static bool Fail(string reason, out string error)
    {
        error = reason;
        return false;
    }

    private ref struct SpanReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;

        public int Offset { get; private set; }

        public bool TryTake(int count, out ReadOnlySpan<byte> bytes)
        {
            if (count < 0 || count > _data.Length - Offset)
            {
                bytes = default;
                return false;
            }

            bytes = _data.Slice(Offset, count);
            Offset += count;
            return true;
        }

        public bool TryUInt16(out int value)
        {
            value = 0;
            if (!TryTake(2, out var bytes))
                return false;
            value = BinaryPrimitives.ReadUInt16BigEndian(bytes);
            return true;
        }

        public bool TryInt64(out long value)
        {
            value = 0;
            if (!TryTake(8, out var bytes))
                return false;
            value = BinaryPrimitives.ReadInt64BigEndian(bytes);
            return true;
        }
    }
}
