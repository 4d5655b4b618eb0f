namespace Ipv8.Messaging;

/// <summary>
/// Receives datagrams from an <see cref="IEndpoint"/>. Delivery is synchronous and the span is only valid
/// for the duration of the call (the endpoint reuses its receive buffer); copy what must outlive it.
/// </summary>
/// <remarks>
/// Implementations must not throw: a listener that fails is counted by the endpoint as
/// <see cref="DropReason.ListenerFailed"/> and the exception is swallowed, but a well-behaved listener
/// counts its own drops by reason instead.
/// </remarks>
public interface IDatagramListener
{
    /// <summary>Handles one datagram received from <paramref name="source"/>.</summary>
    void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram);
}
