using System.Net.Sockets;

namespace Ipv8.Messaging;

/// <summary>
/// A datagram endpoint: the only seam between the real network (<c>UdpEndpoint</c>) and the simulated one.
/// Routes each received datagram by its 22-byte prefix to the listeners registered for it, or to the
/// general listeners when no prefix matches (py-ipv8's endpoint semantics, spec 1.4).
/// </summary>
public interface IEndpoint : IAsyncDisposable
{
    /// <summary>Gets a value indicating whether the endpoint is open (bound and receiving).</summary>
    bool IsOpen { get; }

    /// <summary>Gets the bound local address; <see cref="UdpAddress.Zero"/> before <see cref="OpenAsync"/>.</summary>
    UdpAddress LocalAddress { get; }

    /// <summary>
    /// Returns true when <see cref="Send"/> can deliver to destinations of <paramref name="family"/> right now (py-ipv8's
    /// "we have an interface of that type", spec 5.12 step 3). The default is true, while the endpoint is open, for the
    /// family of <see cref="LocalAddress"/> only (a single-family endpoint such as the simulated IPv4 one); dual-stack
    /// endpoints override it.
    /// </summary>
    /// <param name="family"><see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</param>
    bool SupportsAddressFamily(AddressFamily family) => IsOpen && LocalAddress.Family == family;

    /// <summary>
    /// Gets the bound local address of the interface serving <paramref name="family"/>, or <see cref="UdpAddress.Zero"/>
    /// when none does. The default returns <see cref="LocalAddress"/> when its family matches; dual-stack endpoints
    /// override it. The address may be unspecified (<c>0.0.0.0</c>, <c>::</c>) when bound to every interface.
    /// </summary>
    /// <param name="family"><see cref="AddressFamily.InterNetwork"/> or <see cref="AddressFamily.InterNetworkV6"/>.</param>
    UdpAddress GetLocalAddress(AddressFamily family) => LocalAddress.Family == family ? LocalAddress : UdpAddress.Zero;

    /// <summary>Gets the packet, byte and drop counters of this endpoint.</summary>
    EndpointCounters Counters { get; }

    /// <summary>Binds and starts receiving. Opening an open endpoint does nothing.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">No port could be bound.</exception>
    ValueTask OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops receiving and releases the socket. Closing a closed endpoint does nothing.</summary>
    ValueTask CloseAsync();

    /// <summary>
    /// Sends one datagram. Never throws for network faults: returns false (and counts a drop) when the
    /// endpoint is closed, the destination family is not served, the datagram exceeds
    /// <see cref="EndpointCounters.MaxSendSize"/> or the operating system refused it.
    /// </summary>
    bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram);

    /// <summary>Adds a listener that sees every datagram whose prefix no prefix listener claims.</summary>
    void AddListener(IDatagramListener listener);

    /// <summary>Adds a listener for datagrams that start with <paramref name="prefix"/> (22 bytes).</summary>
    void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener);

    /// <summary>Removes a listener from wherever it was registered.</summary>
    void RemoveListener(IDatagramListener listener);
}
