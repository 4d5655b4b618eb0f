using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>A received introduction-request in either format (ids 246 and 234), as passed to <see cref="Community.OnIntroductionRequest"/>.</summary>
/// <param name="DestinationAddress">Our address as the requester saw it.</param>
/// <param name="SourceLanAddress">The requester's LAN address estimate.</param>
/// <param name="SourceWanAddress">The requester's WAN (or preferred) address estimate.</param>
/// <param name="Identifier">The request identifier (echoed in the response).</param>
/// <param name="NewFormat">True for id 234, false for id 246.</param>
/// <param name="ExtraBytes">Trailing bytes of the request.</param>
public readonly record struct IntroductionRequestInfo(
    UdpAddress DestinationAddress,
    UdpAddress SourceLanAddress,
    UdpAddress SourceWanAddress,
    ushort Identifier,
    bool NewFormat,
    ReadOnlyMemory<byte> ExtraBytes);
