using Ipv8.Messaging;

namespace Ipv8.Tests.Communities;

/// <summary>A test-only decorator that records every datagram sent through an endpoint into a shared log.</summary>
internal sealed class RecordingEndpoint(IEndpoint inner, List<SentDatagram> log) : IEndpoint
{
    public IEndpoint Inner => inner;

    public bool IsOpen => inner.IsOpen;

    public UdpAddress LocalAddress => inner.LocalAddress;

    public EndpointCounters Counters => inner.Counters;

    public bool SupportsAddressFamily(System.Net.Sockets.AddressFamily family) => inner.SupportsAddressFamily(family);

    public UdpAddress GetLocalAddress(System.Net.Sockets.AddressFamily family) => inner.GetLocalAddress(family);

    public ValueTask OpenAsync(CancellationToken cancellationToken = default) => inner.OpenAsync(cancellationToken);

    public ValueTask CloseAsync() => inner.CloseAsync();

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        log.Add(new SentDatagram(inner.LocalAddress, destination, datagram.ToArray()));
        return inner.Send(destination, datagram);
    }

    public void AddListener(IDatagramListener listener) => inner.AddListener(listener);

    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => inner.AddPrefixListener(prefix, listener);

    public void RemoveListener(IDatagramListener listener) => inner.RemoveListener(listener);
}

/// <summary>One datagram recorded by <see cref="RecordingEndpoint"/>.</summary>
internal sealed record SentDatagram(UdpAddress Source, UdpAddress Destination, byte[] Data)
{
    public byte MessageId => Data.Length > 22 ? Data[22] : (byte)0;
}
