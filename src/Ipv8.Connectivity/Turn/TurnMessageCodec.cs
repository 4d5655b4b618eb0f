using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Ipv8.Connectivity.Stun;

namespace Ipv8.Connectivity.Turn;

/// <summary>
/// What <see cref="StunMessage"/> does not do for TURN: encoding with MESSAGE-INTEGRITY or
/// MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.5, §14.6) before FINGERPRINT, verifying them on received bytes,
/// the long-term key (§9.2.2), and strict ERROR-CODE decoding. Parsing itself stays with
/// <see cref="StunMessage.TryParse"/> (bounded, FINGERPRINT-checked).
/// </summary>
internal static class TurnMessageCodec
{
    public const int Sha1IntegrityLength = 20;
    public const int Sha256IntegrityLength = 32;
    private const uint FingerprintXor = 0x5354554E;

    /// <summary>Encodes a message; with a key, MESSAGE-INTEGRITY (or -SHA256) is added, then FINGERPRINT.</summary>
    /// <exception cref="InvalidOperationException">The message would exceed <see cref="StunMessage.MaxMessageLength"/>.</exception>
    public static byte[] Encode(ushort type, ReadOnlySpan<byte> transactionId, IReadOnlyList<StunAttribute> attributes, byte[]? integrityKey, bool sha256)
    {
        var attributesLength = 0;
        foreach (var attribute in attributes)
            attributesLength += 4 + Pad4(attribute.Value.Length);
        var integrityLength = integrityKey is null ? 0 : 4 + (sha256 ? Sha256IntegrityLength : Sha1IntegrityLength);
        var total = StunMessage.HeaderLength + attributesLength + integrityLength + 8;
        if (total > StunMessage.MaxMessageLength)
            throw new InvalidOperationException($"A TURN message of {total} bytes exceeds the {StunMessage.MaxMessageLength}-byte limit.");

        var buffer = new byte[total];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), StunMessage.MagicCookie);
        transactionId.CopyTo(buffer.AsSpan(8));
        var offset = StunMessage.HeaderLength;
        foreach (var attribute in attributes)
        {
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), attribute.Type);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), (ushort)attribute.Value.Length);
            attribute.Value.Span.CopyTo(buffer.AsSpan(offset + 4));
            offset += 4 + Pad4(attribute.Value.Length);
        }

        if (integrityKey is not null)
        {
            // The HMAC covers the header with a length that already counts the integrity attribute (§14.5).
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(offset + integrityLength - StunMessage.HeaderLength));
            var mac = Hmac(integrityKey, sha256, buffer.AsSpan(0, offset));
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), sha256 ? TurnAttributeType.MessageIntegritySha256 : TurnAttributeType.MessageIntegrity);
            BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), (ushort)mac.Length);
            mac.CopyTo(buffer.AsSpan(offset + 4));
            offset += integrityLength;
        }

        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), (ushort)(total - StunMessage.HeaderLength));
        var crc = Crc32.Compute(buffer.AsSpan(0, offset)) ^ FingerprintXor;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset), TurnAttributeType.Fingerprint);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(offset + 2), 4);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(offset + 4), crc);
        return buffer;
    }

    /// <summary>
    /// Verifies the integrity attribute of <paramref name="raw"/> (a message <see cref="StunMessage.TryParse"/>
    /// accepted): MESSAGE-INTEGRITY-SHA256 when present (full 32 bytes or a truncation of at least 16, §14.6),
    /// else MESSAGE-INTEGRITY (20 bytes). False with a reason when neither is present or the HMAC differs.
    /// </summary>
    public static bool TryVerifyIntegrity(ReadOnlySpan<byte> raw, byte[] key, [NotNullWhen(false)] out string? error)
    {
        int sha1Offset = -1, sha256Offset = -1;
        var offset = StunMessage.HeaderLength;
        while (offset + 4 <= raw.Length)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(raw[offset..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(raw[(offset + 2)..]);
            if (type == TurnAttributeType.MessageIntegrity && sha1Offset < 0 && sha256Offset < 0)
                sha1Offset = offset;
            else if (type == TurnAttributeType.MessageIntegritySha256 && sha256Offset < 0)
                sha256Offset = offset;
            offset += 4 + Pad4(length);
        }

        var useSha256 = sha256Offset >= 0;
        var at = useSha256 ? sha256Offset : sha1Offset;
        if (at < 0)
        {
            error = "the response carries no MESSAGE-INTEGRITY";
            return false;
        }

        var macLength = BinaryPrimitives.ReadUInt16BigEndian(raw[(at + 2)..]);
        if (useSha256 ? macLength is < 16 or > Sha256IntegrityLength || (macLength & 3) != 0 : macLength != Sha1IntegrityLength)
        {
            error = $"{(useSha256 ? "MESSAGE-INTEGRITY-SHA256" : "MESSAGE-INTEGRITY")} is {macLength} bytes";
            return false;
        }

        var covered = raw[..at].ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(covered.AsSpan(2), (ushort)(at + 4 + macLength - StunMessage.HeaderLength));
        var expected = Hmac(key, useSha256, covered);
        if (!CryptographicOperations.FixedTimeEquals(expected.AsSpan(0, macLength), raw.Slice(at + 4, macLength)))
        {
            error = $"{(useSha256 ? "MESSAGE-INTEGRITY-SHA256" : "MESSAGE-INTEGRITY")} does not match (wrong key or altered message)";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>The long-term key (§9.2.2): MD5 or SHA-256 of "username:realm:password".</summary>
    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "RFC 8489 §9.2.2 fixes MD5 as the long-term key every TURN server (coturn included) accepts; SHA-256 is used when the server offers it.")]
    public static byte[] LongTermKey(string username, ReadOnlySpan<byte> realm, ReadOnlySpan<byte> password, bool sha256)
    {
        var user = Encoding.UTF8.GetBytes(username);
        var input = new byte[user.Length + 1 + realm.Length + 1 + password.Length];
        user.CopyTo(input, 0);
        input[user.Length] = (byte)':';
        realm.CopyTo(input.AsSpan(user.Length + 1));
        input[user.Length + 1 + realm.Length] = (byte)':';
        password.CopyTo(input.AsSpan(user.Length + 2 + realm.Length));
        try
        {
            return sha256 ? SHA256.HashData(input) : MD5.HashData(input);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }

    /// <summary>Decodes ERROR-CODE strictly: at least 4 bytes, class 3-6, number 0-99, phrase made printable and capped.</summary>
    public static bool TryReadErrorCode(StunMessage message, out int code, out string reason, [NotNullWhen(false)] out string? error)
    {
        code = 0;
        reason = string.Empty;
        if (message.Find(TurnAttributeType.ErrorCode) is not { } attribute)
        {
            error = "an error response without ERROR-CODE";
            return false;
        }

        var value = attribute.Value.Span;
        if (value.Length < 4 || value.Length > 4 + 763)
        {
            error = $"ERROR-CODE of {value.Length} bytes";
            return false;
        }

        var errorClass = value[2] & 0x07;
        var number = value[3];
        if (errorClass is < 3 or > 6 || number > 99)
        {
            error = $"ERROR-CODE class {errorClass} number {number} is out of range";
            return false;
        }

        code = (errorClass * 100) + number;
        reason = Printable(value[4..]);
        error = null;
        return true;
    }

    /// <summary>Gets the first comprehension-required attribute type the client does not know, or null.</summary>
    public static ushort? FindUnknownRequired(StunMessage message)
    {
        foreach (var attribute in message.Attributes)
        {
            if (StunAttributeType.IsComprehensionRequired(attribute.Type) && !TurnAttributeType.IsKnown(attribute.Type))
                return attribute.Type;
        }

        return null;
    }

    /// <summary>Makes server text safe for logs and messages: UTF-8, control characters removed, at most 128 characters.</summary>
    public static string Printable(ReadOnlySpan<byte> text) =>
        new(Encoding.UTF8.GetString(text).Where(c => !char.IsControl(c)).Take(128).ToArray());

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms", Justification = "MESSAGE-INTEGRITY is HMAC-SHA1 by definition (RFC 8489 §14.5); MESSAGE-INTEGRITY-SHA256 is used when the server offers SHA-256.")]
    private static byte[] Hmac(byte[] key, bool sha256, ReadOnlySpan<byte> data)
    {
        return sha256 ? HMACSHA256.HashData(key, data) : HMACSHA1.HashData(key, data);
    }

    private static int Pad4(int length) => (length + 3) & ~3;
}
