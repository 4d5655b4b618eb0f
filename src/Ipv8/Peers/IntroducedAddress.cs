using Ipv8.Messaging;

namespace Ipv8.Peers;

/// <summary>
/// An address a verified peer introduced: one the network did not know before (<see cref="Network.AddressIntroduced"/>), or
/// any recorded introduction (<see cref="Network.AddressDiscovered"/>).
/// </summary>
/// <param name="Address">The introduced address (never zero, never blacklisted).</param>
/// <param name="Service">The service the introduction was for, or null when the introduction named none.</param>
public readonly record struct IntroducedAddress(UdpAddress Address, ServiceId? Service)
{
    /// <summary>
    /// Gets the peer whose introduction-response named the address (set for <see cref="Network.AddressDiscovered"/>; null
    /// when the raiser did not say).
    /// </summary>
    public Peer? Introducer { get; init; }

    /// <summary>Gets a value indicating whether the network did not know the address before this introduction.</summary>
    public bool IsNew { get; init; }
}
