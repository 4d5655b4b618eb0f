using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Ipv8.Connectivity.Stun;

/// <summary>
/// A STUN message (RFC 8489 §5): 20-byte header (type, body length, magic cookie, 96-bit transaction id)
/// and type-length-value attributes padded to 4 bytes. <see cref="TryParse"/> treats its input as hostile:
/// every length is checked against the bytes actually present, the size and attribute count are bounded,
/// FINGERPRINT must be last and correct, and nothing past the declared length is accepted.
/// </summary>
public sealed class StunMessage
{
    /// <summary>The magic cookie 0x2112A442 every RFC 5389/8489 message carries.</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>Length of the header: 20 bytes.</summary>
    public const int HeaderLength = 20;

    /// <summary>Length of the transaction id: 12 bytes.</summary>
    public const int TransactionIdLength = 12;

    /// <summary>Largest message accepted or built: 1280 bytes (the IPv6 minimum MTU; RFC 8489 §6.1 advises staying below it).</summary>
    public const int MaxMessageLength = 1280;

    /// <summary>Most attributes accepted in one message: 32.</summary>
    public const int MaxAttributes = 32;

    private const uint FingerprintXor = 0x5354554E;
    private const int FingerprintAttributeLength = 8;

    private readonly byte[] _transactionId;

    /// <summary>Initializes a message.</summary>
    /// <param name="type">The message type (top two bits must be zero).</param>
    /// <param name="transactionId">12 bytes (copied).</param>
    /// <param name="attributes">The attributes in wire order, FINGERPRINT excluded (<see cref="Encode"/> adds it).</param>
    /// <exception cref="ArgumentException">The type uses the top two bits or the transaction id is not 12 bytes.</exception>
    public StunMessage(ushort type, ReadOnlySpan<byte> transactionId, IReadOnlyList<StunAttribute> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        if ((type & 0xC000) != 0)
            throw new ArgumentException("The top two bits of a STUN message type are zero.", nameof(type));
        if (transactionId.Length != TransactionIdLength)
            throw new ArgumentException($"A STUN transaction id is {TransactionIdLength} bytes.", nameof(transactionId));
        Type = type;
        _transactionId = transactionId.ToArray();
        Attributes = attributes;
    }

    /// <summary>Gets the message type (see <see cref="StunMessageType"/>).</summary>
    public ushort Type { get; }

    /// <summary>Gets the 12-byte transaction id.</summary>
    public ReadOnlySpan<byte> TransactionId => _transactionId;

    /// <summary>Gets the attributes in wire order (a parsed FINGERPRINT is verified and not listed).</summary>
    public IReadOnlyList<StunAttribute> Attributes { get; }

    /// <summary>Gets whether the parsed message carried a valid FINGERPRINT.</summary>
    public bool HadFingerprint { get; private init; }

    /// <summary>Builds a Binding request with a fresh random transaction id.</summary>
    /// <param name="changeIp">Ask the server (RFC 5780) to answer from its other IP address.</param>
    /// <param name="changePort">Ask the server (RFC 5780) to answer from its other port.</param>
    public static StunMessage CreateBindingRequest(bool changeIp = false, bool changePort = false)
    {
        Span<byte> id = stackalloc byte[TransactionIdLength];
        RandomNumberGenerator.Fill(id);
        var attributes = new List<StunAttribute>();
        if (changeIp || changePort)
        {
            var flags = new byte[4];
            flags[3] = (byte)((changeIp ? 0x04 : 0) | (changePort ? 0x02 : 0));
            attributes.Add(new StunAttribute(StunAttributeType.ChangeRequest, flags));
        }

        return new StunMessage(StunMessageType.BindingRequest, id, attributes);
    }

    /// <summary>Gets the first attribute of <paramref name="type"/>, or null.</summary>
    public StunAttribute? Find(ushort type)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == type)
                return attribute;
        }

        return null;
    }

    /// <summary>Encodes the message, with a FINGERPRINT attribute last when <paramref name="fingerprint"/> is true.</summary>
    /// <exception cref="InvalidOperationException">The message would exceed <see cref="MaxMessageLength"/>, or an attribute value exceeds 65535 bytes.</exception>
    public byte[] Encode(bool fingerprint = true)
    {
        var bodyLength = 0;
        foreach (var attribute in Attributes)
            bodyLength += 4 + Pad4(attribute.Value.Length);
        if (fingerprint)
            bodyLength += FingerprintAttributeLength;
        if (HeaderLength + bodyLength > MaxMessageLength)
            throw new InvalidOperationException($"A STUN message of {HeaderLength + bodyLength} bytes exceeds the {MaxMessageLength}-byte limit.");

        var buffer = new byte[HeaderLength + bodyLength];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, Type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)bodyLength);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), MagicCookie);
        _transactionId.CopyTo(buffer, 8);
        var offset = HeaderLength;
        foreach (var attribute in Attributes)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), attribute.Type);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), (ushort)attribute.Value.Length);
            attribute.Value.Span.CopyTo(buffer.AsSpan(offset + 4));
            offset += 4 + Pad4(attribute.Value.Length);
        }

        if (fingerprint)
        {
            var crc = Crc32.Compute(buffer.AsSpan(0, offset)) ^ FingerprintXor;
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), StunAttributeType.Fingerprint);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), 4);
            BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset + 4), crc);
        }

        return buffer;
    }

    /// <summary>
    /// Parses a datagram as a STUN message. Never throws: on failure <paramref name="error"/> says which rule
    /// the bytes broke (too short/long, top bits, body length, magic cookie, attribute overrun, too many
    /// attributes, attribute after FINGERPRINT, bad FINGERPRINT, trailing bytes).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, [NotNullWhen(true)] out StunMessage? message, [NotNullWhen(false)] out string? error)
    {
        message = null;
        if (datagram.Length < HeaderLength)
            return Fail($"{datagram.Length} bytes is shorter than the {HeaderLength}-byte STUN header", out error);
        if (datagram.Length > MaxMessageLength)
            return Fail($"{datagram.Length} bytes exceeds the {MaxMessageLength}-byte limit", out error);
        var type = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        if ((type & 0xC000) != 0)
            return Fail("the top two bits of the message type are not zero", out error);
        var bodyLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((bodyLength & 3) != 0)
            return Fail($"body length {bodyLength} is not a multiple of 4", out error);
        if (HeaderLength + bodyLength != datagram.Length)
            return Fail($"body length {bodyLength} does not match the {datagram.Length - HeaderLength} bytes after the header", out error);
        if (BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != MagicCookie)
            return Fail("no magic cookie (not an RFC 5389/8489 message)", out error);

        var attributes = new List<StunAttribute>();
        var offset = HeaderLength;
        var fingerprinted = false;
        while (offset < datagram.Length)
        {
            if (fingerprinted)
                return Fail("an attribute follows FINGERPRINT", out error);
            if (attributes.Count >= MaxAttributes)
                return Fail($"more than {MaxAttributes} attributes", out error);
            if (datagram.Length - offset < 4)
                return Fail($"truncated attribute header at offset {offset}", out error);
            var attributeType = BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            var valueLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            var padded = Pad4(valueLength);
            if (padded > datagram.Length - offset - 4)
                return Fail($"attribute 0x{attributeType:x4} at offset {offset} declares {valueLength} bytes; only {datagram.Length - offset - 4} remain", out error);
            var value = datagram.Slice(offset + 4, valueLength);
            if (attributeType == StunAttributeType.Fingerprint)
            {
                if (valueLength != 4)
                    return Fail($"FINGERPRINT is {valueLength} bytes, not 4", out error);

                // The CRC covers the header and attributes before FINGERPRINT, with the length field as sent
                // (which already counts FINGERPRINT, RFC 8489 §14.7).
                var expected = Crc32.Compute(datagram[..offset]) ^ FingerprintXor;
                if (BinaryPrimitives.ReadUInt32BigEndian(value) != expected)
                    return Fail("FINGERPRINT does not match the message", out error);
                fingerprinted = true;
            }
            else
            {
                attributes.Add(new StunAttribute(attributeType, value.ToArray()));
            }

            offset += 4 + padded;
        }

        message = new StunMessage(type, datagram.Slice(8, TransactionIdLength), attributes) { HadFingerprint = fingerprinted };
        error = null;
        return true;
    }

    private static int Pad4(int length) => (length + 3) & ~3;

    private static bool Fail(string reason, out string error)
    {
        error = reason;
        return false;
    }
}
