using System.Buffers.Binary;
using Ipv8.Keys;

namespace Ipv8.Messaging;

/// <summary>
/// A received signed message split into its parts (spec §3.2), as views into the datagram (no copies).
/// Parsing does not verify: call <see cref="Verify"/> (py-ipv8 also parses before it verifies).
/// </summary>
public readonly ref struct SignedMessage
{
    private const int KeyStart = CommunityPrefix.HeaderLength + 2;

    private SignedMessage(ReadOnlySpan<byte> datagram, int keyLength, PublicKey key, bool hasGlobalTime)
    {
        var signatureLength = key.SignatureLength;
        var bodyStart = CommunityPrefix.HeaderLength + 2 + keyLength;
        var payloadStart = bodyStart + (hasGlobalTime ? MessageFraming.GlobalTimeLength : 0);
        var signatureStart = datagram.Length - signatureLength;
        Datagram = datagram;
        KeyBin = datagram.Slice(CommunityPrefix.HeaderLength + 2, keyLength);
        PublicKey = key;
        HasGlobalTime = hasGlobalTime;
        GlobalTime = hasGlobalTime ? BinaryPrimitives.ReadUInt64BigEndian(datagram[bodyStart..]) : 0;
        Payload = datagram[payloadStart..signatureStart];
        SignedPart = datagram[..signatureStart];
        Signature = datagram[signatureStart..];
    }

    /// <summary>Gets the whole datagram.</summary>
    public ReadOnlySpan<byte> Datagram { get; }

    /// <summary>Gets the 22-byte prefix.</summary>
    public ReadOnlySpan<byte> Prefix => Datagram[..CommunityPrefix.Length];

    /// <summary>Gets the message id.</summary>
    public byte MessageId => Datagram[CommunityPrefix.Length];

    /// <summary>Gets the sender's public key bin as received.</summary>
    public ReadOnlySpan<byte> KeyBin { get; }

    /// <summary>Gets the parsed sender key.</summary>
    public PublicKey PublicKey { get; }

    /// <summary>Gets a value indicating whether the message carries a global time field.</summary>
    public bool HasGlobalTime { get; }

    /// <summary>Gets the sender's global time (0 when <see cref="HasGlobalTime"/> is false).</summary>
    public ulong GlobalTime { get; }

    /// <summary>Gets the payload bytes (after the global time, before the signature).</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Gets the bytes the signature covers (everything before it).</summary>
    public ReadOnlySpan<byte> SignedPart { get; }

    /// <summary>Gets the signature (the last <see cref="PublicKey.SignatureLength"/> bytes).</summary>
    public ReadOnlySpan<byte> Signature { get; }

    /// <summary>Verifies the signature over <see cref="SignedPart"/> with <see cref="PublicKey"/>. Never throws for bad input.</summary>
    public bool Verify() => PublicKey.Verify(Signature, SignedPart);

    /// <summary>
    /// Splits a signed datagram. Returns false with <paramref name="reason"/> (never throws for malformed input):
    /// <see cref="DropReason.TooShort"/> when shorter than header, key length, global time or signature;
    /// <see cref="DropReason.OversizedField"/> when the key length points past the end;
    /// <see cref="DropReason.InvalidKey"/> when <paramref name="keyParser"/> rejects the key bin.
    /// The prefix is not checked (the community does that).
    /// </summary>
    /// <param name="datagram">The received datagram; the result views into it.</param>
    /// <param name="hasGlobalTime">True for community messages (§3.2), false for dataclass-style messages.</param>
    /// <param name="keyParser">Parses the auth field's key bin (cache the delegate; or use the <see cref="KeyFactory"/> overload).</param>
    /// <param name="message">The parts, when the method returns true.</param>
    /// <param name="reason">Why parsing failed, when the method returns false.</param>
    public static bool TryParse(ReadOnlySpan<byte> datagram, bool hasGlobalTime, PublicKeyParser keyParser, out SignedMessage message, out DropReason reason)
    {
        ArgumentNullException.ThrowIfNull(keyParser);
        message = default;
        if (!TrySplitKey(datagram, out var keyBin, out reason))
        {
            return false;
        }

        return keyParser(keyBin, out var key)
            ? TryComplete(datagram, keyBin.Length, key, hasGlobalTime, out message, out reason)
            : Fail(DropReason.InvalidKey, out reason);
    }

    private static bool TrySplitKey(ReadOnlySpan<byte> datagram, out ReadOnlySpan<byte> keyBin, out DropReason reason)
    {
        keyBin = default;
        if (datagram.Length < KeyStart)
        {
            return Fail(DropReason.TooShort, out reason);
        }

        int keyLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[CommunityPrefix.HeaderLength..]);
        if (datagram.Length - KeyStart < keyLength)
        {
            return Fail(DropReason.OversizedField, out reason);
        }

        keyBin = datagram.Slice(KeyStart, keyLength);
        reason = default;
        return true;
    }

    private static bool TryComplete(ReadOnlySpan<byte> datagram, int keyLength, PublicKey key, bool hasGlobalTime, out SignedMessage message, out DropReason reason)
    {
        message = default;
        var needed = (hasGlobalTime ? MessageFraming.GlobalTimeLength : 0) + key.SignatureLength;
        if (key.SignatureLength <= 0 || datagram.Length - KeyStart - keyLength < needed)
        {
            return Fail(DropReason.TooShort, out reason);
        }

        message = new SignedMessage(datagram, keyLength, key, hasGlobalTime);
        reason = default;
        return true;
    }

    private static bool Fail(DropReason why, out DropReason reason)
    {
        reason = why;
        return false;
    }

    /// <summary>
    /// Same as <see cref="TryParse(ReadOnlySpan{byte}, bool, PublicKeyParser, out SignedMessage, out DropReason)"/> with
    /// <see cref="KeyFactory.TryParsePublicKey"/> (its bounded cache makes known senders allocation-free). Prefer this
    /// overload on the hot path: converting an instance method group to a delegate allocates on every call.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, bool hasGlobalTime, KeyFactory keys, out SignedMessage message, out DropReason reason)
    {
        ArgumentNullException.ThrowIfNull(keys);
        message = default;
        if (!TrySplitKey(datagram, out var keyBin, out reason))
        {
            return false;
        }

        return keys.TryParsePublicKey(keyBin, out var key)
            ? TryComplete(datagram, keyBin.Length, key, hasGlobalTime, out message, out reason)
            : Fail(DropReason.InvalidKey, out reason);
    }

    /// <summary>
    /// Reads <see cref="Payload"/> as <typeparamref name="TPayload"/>, requiring every byte to be consumed
    /// (<see cref="DropReason.Malformed"/> otherwise). Same as <see cref="PayloadSerializer.TryDeserialize{TPayload}"/>.
    /// </summary>
    public bool TryReadPayload<TPayload>(out TPayload payload, out DropReason reason)
        where TPayload : IPayload<TPayload>
        => PayloadSerializer.TryDeserialize(Payload, out payload, out reason);
}
