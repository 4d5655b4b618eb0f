using System.Net.Sockets;
using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Communities;

/// <content>
/// The interface switch of spec 5.12 step 3 (and 13): two dual-stack peers that meet over one family learn each other's
/// address of the other family and puncture it.
/// </content>
public partial class Community
{
    /// <summary>
    /// Spec 5.12 step 3. When the new-style <paramref name="responder"/> advertises a <c>source_wan_address</c> of the other
    /// family than its current (preferred) address, and our endpoint can send on that family: records that address as
    /// walkable (introduced by the responder, new-style), then, if we know or can guess our own address of that family,
    /// sends the responder, at its current address, a new-format puncture-request (id 232) with lan <c>0.0.0.0:0</c>,
    /// wan = our address of that family and the response's identifier, so that it punctures toward us on that family.
    /// </summary>
    /// <param name="responder">The responder; with trust on, the admitted (verified) peer.</param>
    /// <param name="newStyle">Whether the responder is new-style (the response was id 233, or 245 with the 0x10 flag).</param>
    /// <param name="response">The response.</param>
    /// <remarks>
    /// An unspecified or zero <c>source_wan_address</c> names no interface and is ignored (py-ipv8 would still send the
    /// puncture-request). The recorded address is only walkable: with trust on it becomes a verified address of the
    /// responder only once the responder proves itself there by answering a walk, like any learned address.
    /// </remarks>
    private void SwitchInterface(Peer responder, bool newStyle, in IntroductionResponseInfo response)
    {
        var requested = response.SourceWanAddress;
        var current = responder.Address;
        if (!newStyle
            || requested.IsIPv6 == current.IsIPv6
            || requested == current
            || requested.Port == 0
            || IsUnspecified(requested)
            || !Endpoint.SupportsAddressFamily(requested.Family))
        {
            return;
        }

        Network.DiscoverAddress(responder, requested, _serviceId, newStyle: true);
        if (TryGetOwnAddress(requested.Family, out var own))
        {
            // Goes to the responder's current address only. With trust on that address is proven (the responder just
            // answered our request from it, and only proven addresses fill a verified peer's IPv4/IPv6 slots), so this
            // unsigned message cannot be reflected at a third party; it names only our own address.
            SendPunctureRequest(current, UdpAddress.Zero, own, response.Identifier, newFormat: true);
        }
    }

    /// <summary>
    /// Gets our own address of <paramref name="family"/>: the own peer's slot of that family (set from the
    /// <c>destination_address</c> of responses, spec 5.9), else a guess: the endpoint's bound address of that family, or
    /// when bound to every interface the first interface address of that family with the bound port. False when there
    /// is none (no loopback fallback: a loopback guess would make the responder puncture toward its own host).
    /// </summary>
    private bool TryGetOwnAddress(AddressFamily family, out UdpAddress address)
    {
        var recorded = family == AddressFamily.InterNetworkV6 ? MyPeer.IPv6Address : MyPeer.IPv4Address;
        if (recorded is { } known && known.Family == family && known.Port != 0 && !IsUnspecified(known))
        {
            address = known;
            return true;
        }

        var bound = Endpoint.GetLocalAddress(family);
        if (bound.Family == family && bound.Port != 0)
        {
            if (!IsUnspecified(bound))
            {
                address = bound;
                return true;
            }

            foreach (var candidate in GetInterfaceAddresses())
            {
                if (candidate.Family == family)
                {
                    address = candidate.WithPort(bound.Port);
                    return true;
                }
            }
        }

        address = default;
        return false;
    }
}
