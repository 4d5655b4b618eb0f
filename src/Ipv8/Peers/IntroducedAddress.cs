using Ipv8.Messaging;

namespace Ipv8.Peers;

/// <summary>
/// An address a verified peer introduced that the network did not know before (<see cref="Network.AddressIntroduced"/>).
/// </summary>
/// <param name="Address">The introduced address (never zero, never blacklisted).</param>
/// <param name="Service">The service the introduction was for, or null when the introduction named none.</param>
public readonly record struct IntroducedAddress(UdpAddress Address, ServiceId? Service);
