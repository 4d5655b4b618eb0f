using System.Buffers.Binary;

namespace Ipv8.Messaging;

/// <summary>
/// A received unsigned message (spec §3.3): <c>prefix ‖ id ‖ Q global time ‖ payload</c>, as views into the
/// datagram. Used by puncture-request (250, 232) and DiscoveryCommunity ping/pong (3, 4).
/// </summary>
public readonly ref struct UnsignedMessage
{
    /// <summary>The length of header plus global time: the smallest possible unsigned message.</summary>
    public const int MinimumLength = CommunityPrefix.HeaderLength + MessageFraming.GlobalTimeLength;

    private UnsignedMessage(ReadOnlySpan<byte> datagram)
    {
        Datagram = datagram;
        GlobalTime = BinaryPrimitives.ReadUInt64BigEndian(datagram[CommunityPrefix.HeaderLength..]);
        Payload = datagram[MinimumLength..];
    }

    /// <summary>Gets the whole datagram.</summary>
    public ReadOnlySpan<byte> Datagram { get; }

    /// <summary>Gets the 22-byte prefix.</summary>
    public ReadOnlySpan<byte> Prefix => Datagram[..CommunityPrefix.Length];

    /// <summary>Gets the message id.</summary>
    public byte MessageId => Datagram[CommunityPrefix.Length];

    /// <summary>Gets the sender's global time.</summary>
    public ulong GlobalTime { get; }

    /// <summary>Gets the payload bytes after the global time.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Splits an unsigned datagram; fails with <see cref="DropReason.TooShort"/> under 31 bytes. Never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out UnsignedMessage message, out DropReason reason)
    {
        if (datagram.Length < MinimumLength)
        {
            message = default;
            reason = DropReason.TooShort;
            return false;
        }

        message = new UnsignedMessage(datagram);
        reason = default;
        return true;
    }

    /// <summary>Reads <see cref="Payload"/> as <typeparamref name="TPayload"/>, requiring every byte to be consumed.</summary>
    public bool TryReadPayload<TPayload>(out TPayload payload, out DropReason reason)
        where TPayload : IPayload<TPayload>
        => PayloadSerializer.TryDeserialize(Payload, out payload, out reason);
}
