using Ipv8.Messaging;

namespace Launcher.Benchmarks.Swarm;

/// <summary>
/// An <see cref="IEndpoint"/> that hands every sent datagram to an <see cref="IntroductionRequestCounter"/> first (and to a
/// <see cref="SwarmTrace"/>, when tracing).
/// </summary>
internal sealed class CountingEndpoint(IEndpoint inner, IntroductionRequestCounter counter, SwarmTrace? trace = null) : IEndpoint
{
    public bool IsOpen => inner.IsOpen;

    public UdpAddress LocalAddress => inner.LocalAddress;

    public EndpointCounters Counters => inner.Counters;

    public bool SupportsAddressFamily(System.Net.Sockets.AddressFamily family) => inner.SupportsAddressFamily(family);

    public UdpAddress GetLocalAddress(System.Net.Sockets.AddressFamily family) => inner.GetLocalAddress(family);

    public ValueTask OpenAsync(CancellationToken cancellationToken = default) => inner.OpenAsync(cancellationToken);

    public ValueTask CloseAsync() => inner.CloseAsync();

    public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        counter.Observe(inner.LocalAddress, destination, datagram);
        trace?.Sent(inner.LocalAddress, destination, datagram);
        return inner.Send(destination, datagram);
    }

    public void AddListener(IDatagramListener listener) => inner.AddListener(listener);

    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => inner.AddPrefixListener(prefix, listener);

    public void RemoveListener(IDatagramListener listener) => inner.RemoveListener(listener);

    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
