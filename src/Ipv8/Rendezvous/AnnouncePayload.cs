using Ipv8.Messaging;

namespace Ipv8.Rendezvous;

/// <summary>
/// ANNOUNCE, message id 6 (signed, no global time): one <see cref="SignedPeerRecord"/>, broadcast on the LAN by
/// the LAN broadcast discovery interface. Never answered, so it cannot be used for reflection.
/// </summary>
/// <param name="Record">The signed record (its key must be the message's signer).</param>
public readonly record struct AnnouncePayload(SignedPeerRecord Record) : IPayload<AnnouncePayload>
{
    /// <summary>The message id (6).</summary>
    public const byte MessageId = 6;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer) => Record.Write(ref writer);

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out AnnouncePayload payload)
    {
        var ok = SignedPeerRecord.TryRead(ref reader, out var record);
        payload = new AnnouncePayload(record);
        return ok;
    }
}
