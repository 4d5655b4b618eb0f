using Ipv8.Messaging;

namespace Ipv8.Benchmarks.Communities;

/// <summary>An always-open endpoint that counts and discards what is sent (for receive-path benchmarks).</summary>
internal sealed class DiscardEndpoint(UdpAddress address) : IEndpoint
{
    public bool IsOpen => true;

    public UdpAddress LocalAddress => address;

    public EndpointCounters Counters { get; } = new();

    public ValueTask OpenAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask CloseAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        Counters.CountOut(datagram.Length);
        return true;
    }

    public void AddListener(IDatagramListener listener)
    {
    }

    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener)
    {
    }

    public void RemoveListener(IDatagramListener listener)
    {
    }
}
