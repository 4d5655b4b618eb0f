using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>A received introduction-response in either format (ids 245 and 233), as passed to <see cref="Community.OnIntroductionResponse"/>.</summary>
/// <param name="DestinationAddress">Our address as the responder saw it.</param>
/// <param name="SourceLanAddress">The responder's LAN address estimate.</param>
/// <param name="SourceWanAddress">The responder's WAN (or preferred) address estimate.</param>
/// <param name="LanIntroductionAddress">The introduced peer's LAN address, or zero.</param>
/// <param name="WanIntroductionAddress">The introduced peer's WAN address, or zero.</param>
/// <param name="Identifier">The identifier copied from our request.</param>
/// <param name="IntroSupportsNewStyle">Whether the introduced peer is known to speak the new formats.</param>
/// <param name="PeerLimitReached">The old format's peer-limit flag (always false for id 233).</param>
/// <param name="NewFormat">True for id 233, false for id 245.</param>
/// <param name="ExtraBytes">Trailing bytes of the response.</param>
public readonly record struct IntroductionResponseInfo(
    UdpAddress DestinationAddress,
    UdpAddress SourceLanAddress,
    UdpAddress SourceWanAddress,
    UdpAddress LanIntroductionAddress,
    UdpAddress WanIntroductionAddress,
    ushort Identifier,
    bool IntroSupportsNewStyle,
    bool PeerLimitReached,
    bool NewFormat,
    ReadOnlyMemory<byte> ExtraBytes);
