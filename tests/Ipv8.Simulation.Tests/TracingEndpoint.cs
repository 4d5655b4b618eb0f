using Ipv8.Messaging;

namespace Ipv8.Simulation.Tests;

/// <summary>A decorator that writes (virtual time, source, destination, bytes) of every datagram sent through it into a shared trace.</summary>
internal sealed class TracingEndpoint(IEndpoint inner, VirtualClock clock, List<string> trace) : IEndpoint
{
    public bool IsOpen => inner.IsOpen;

    public UdpAddress LocalAddress => inner.LocalAddress;

    public EndpointCounters Counters => inner.Counters;

    public ValueTask OpenAsync(CancellationToken cancellationToken = default) => inner.OpenAsync(cancellationToken);

    public ValueTask CloseAsync() => inner.CloseAsync();

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        trace.Add($"{clock.Elapsed.Ticks} {inner.LocalAddress} -> {destination} {Convert.ToHexString(datagram)}");
        return inner.Send(destination, datagram);
    }

    public void AddListener(IDatagramListener listener) => inner.AddListener(listener);

    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => inner.AddPrefixListener(prefix, listener);

    public void RemoveListener(IDatagramListener listener) => inner.RemoveListener(listener);
}
