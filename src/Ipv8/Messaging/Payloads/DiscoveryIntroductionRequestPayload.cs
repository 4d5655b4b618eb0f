namespace Ipv8.Messaging.Payloads;

/// <summary>
/// The Dispersy-era variant of the old introduction-request (id 246) that the DiscoveryCommunity tries
/// first (spec §7.3): <c>c20s</c> (a marker byte and the 20-byte mid of the peer to introduce) followed by
/// the normal <see cref="IntroductionRequestPayload"/> fields.
/// </summary>
/// <remarks>
/// <b>Quirk</b>: py-ipv8 does not check the marker byte, so any old request whose body after the global
/// time is at least 42 bytes parses as this variant. Callers try this first and fall back to
/// <see cref="IntroductionRequestPayload"/> on failure, as py-ipv8 does.
/// </remarks>
/// <param name="Marker">The first byte (not checked).</param>
/// <param name="IntroduceMid">The 20-byte member id the requester asked to be introduced to.</param>
/// <param name="Request">The normal old request fields.</param>
public readonly record struct DiscoveryIntroductionRequestPayload(
    byte Marker,
    ReadOnlyMemory<byte> IntroduceMid,
    IntroductionRequestPayload Request) : IPayload<DiscoveryIntroductionRequestPayload>
{
    /// <summary>The message id (246).</summary>
    public const byte MessageId = MessageIds.IntroductionRequest;

    /// <inheritdoc/>
    public void Write(ref PacketWriter writer)
    {
        writer.WriteC20s(Marker, IntroduceMid.Span);
        Request.Write(ref writer);
    }

    /// <inheritdoc/>
    public static bool TryRead(ref PacketReader reader, out DiscoveryIntroductionRequestPayload payload)
    {
        payload = default;
        if (!reader.TryReadC20s(out var marker, out var mid)
            || !IntroductionRequestPayload.TryRead(ref reader, out var request))
        {
            return false;
        }

        payload = new DiscoveryIntroductionRequestPayload(marker, mid.ToArray(), request);
        return true;
    }
}
