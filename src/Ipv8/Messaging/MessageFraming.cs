using Ipv8.Keys;

namespace Ipv8.Messaging;

/// <summary>
/// Builds community messages into a caller-supplied buffer (spec §3):
/// signed <c>prefix ‖ id ‖ varlenH(key bin) ‖ Q global time ‖ payload ‖ signature</c>, the
/// "dataclass-style" signed form without global time, and unsigned <c>prefix ‖ id ‖ Q global time ‖ payload</c>.
/// </summary>
/// <remarks>
/// Nothing here allocates: pass a stack or pooled buffer (at most <see cref="EndpointCounters.MaxSendSize"/>
/// bytes are ever needed) and send the returned number of bytes. A buffer that is too small throws
/// <see cref="InvalidOperationException"/> (a programming error: discovery messages are under 300 bytes).
/// </remarks>
public static class MessageFraming
{
    /// <summary>The length of the global-time field.</summary>
    public const int GlobalTimeLength = 8;

    /// <summary>Writes the 23-byte header: the 22-byte prefix and the message id.</summary>
    /// <exception cref="ArgumentException"><paramref name="prefix"/> is not 22 bytes.</exception>
    public static void WriteHeader(ref PacketWriter writer, ReadOnlySpan<byte> prefix, byte messageId)
    {
        if (prefix.Length != CommunityPrefix.Length)
        {
            throw new ArgumentException($"A community prefix has 22 bytes, not {prefix.Length}.", nameof(prefix));
        }

        writer.WriteBytes(prefix);
        writer.WriteByte(messageId);
    }

    /// <summary>Writes header and auth field (<c>varlenH</c> public key bin) of a signed message without global time.</summary>
    public static void WriteSignedHeader(ref PacketWriter writer, ReadOnlySpan<byte> prefix, byte messageId, ReadOnlySpan<byte> publicKeyBin)
    {
        WriteHeader(ref writer, prefix, messageId);
        writer.WriteVarLenH(publicKeyBin);
    }

    /// <summary>Writes header, auth field and global time of a signed message.</summary>
    public static void WriteSignedHeader(ref PacketWriter writer, ReadOnlySpan<byte> prefix, byte messageId, ReadOnlySpan<byte> publicKeyBin, ulong globalTime)
    {
        WriteSignedHeader(ref writer, prefix, messageId, publicKeyBin);
        writer.WriteUInt64(globalTime);
    }

    /// <summary>Writes header and global time of an unsigned message.</summary>
    public static void WriteUnsignedHeader(ref PacketWriter writer, ReadOnlySpan<byte> prefix, byte messageId, ulong globalTime)
    {
        WriteHeader(ref writer, prefix, messageId);
        writer.WriteUInt64(globalTime);
    }

    /// <summary>Signs everything written so far with <paramref name="key"/>, appends the signature and returns the total length.</summary>
    public static int AppendSignature(ref PacketWriter writer, PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var signed = writer.Written;
        var signature = writer.Advance(key.SignatureLength);
        key.Sign(signed, signature);
        return writer.Position;
    }

    /// <summary>
    /// Writes everything of a signed message with global time except its signature (the part the signature covers), so it can
    /// be signed later, e.g. outside a lock (<see cref="SignInPlace"/>); returns the length written. The complete message is
    /// <c>key.SignatureLength</c> bytes longer.
    /// </summary>
    public static int WriteSignedBody<TPayload>(Span<byte> destination, ReadOnlySpan<byte> prefix, byte messageId, PublicKey key, ulong globalTime, in TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        ArgumentNullException.ThrowIfNull(key);
        var writer = new PacketWriter(destination);
        WriteSignedHeader(ref writer, prefix, messageId, key.KeyBin, globalTime);
        payload.Write(ref writer);
        return writer.Position;
    }

    /// <summary>
    /// Signs the first <paramref name="bodyLength"/> bytes of <paramref name="buffer"/> (written by <see cref="WriteSignedBody"/>)
    /// with <paramref name="key"/>, writes the signature right after them and returns the message's total length.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="buffer"/> has no room for the signature.</exception>
    public static int SignInPlace(Span<byte> buffer, int bodyLength, PrivateKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var total = bodyLength + key.SignatureLength;
        if (bodyLength < 0 || total > buffer.Length)
        {
            throw new ArgumentException("The buffer has no room for the signature.", nameof(buffer));
        }

        key.Sign(buffer[..bodyLength], buffer[bodyLength..total]);
        return total;
    }

    /// <summary>Builds a signed message with global time; returns its length.</summary>
    public static int WriteSigned<TPayload>(Span<byte> destination, ReadOnlySpan<byte> prefix, byte messageId, PrivateKey key, ulong globalTime, in TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        ArgumentNullException.ThrowIfNull(key);
        var writer = new PacketWriter(destination);
        WriteSignedHeader(ref writer, prefix, messageId, key.PublicKey.KeyBin, globalTime);
        payload.Write(ref writer);
        return AppendSignature(ref writer, key);
    }

    /// <summary>Builds a signed "dataclass-style" message (no global time field, as py-ipv8's <c>ezr_pack</c>); returns its length.</summary>
    public static int WriteSignedWithoutGlobalTime<TPayload>(Span<byte> destination, ReadOnlySpan<byte> prefix, byte messageId, PrivateKey key, in TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        ArgumentNullException.ThrowIfNull(key);
        var writer = new PacketWriter(destination);
        WriteSignedHeader(ref writer, prefix, messageId, key.PublicKey.KeyBin);
        payload.Write(ref writer);
        return AppendSignature(ref writer, key);
    }

    /// <summary>Builds an unsigned message (puncture-request, ping, pong); returns its length.</summary>
    public static int WriteUnsigned<TPayload>(Span<byte> destination, ReadOnlySpan<byte> prefix, byte messageId, ulong globalTime, in TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        var writer = new PacketWriter(destination);
        WriteUnsignedHeader(ref writer, prefix, messageId, globalTime);
        payload.Write(ref writer);
        return writer.Position;
    }

    /// <summary>Returns the bytes a signed message adds around its payload: header, auth, global time (optional) and signature.</summary>
    public static int SignedOverhead(PublicKey key, bool hasGlobalTime = true)
    {
        ArgumentNullException.ThrowIfNull(key);
        return CommunityPrefix.HeaderLength + 2 + key.KeyBin.Length + (hasGlobalTime ? GlobalTimeLength : 0) + key.SignatureLength;
    }
}
