using Ipv8.Messaging;

namespace Ipv8.Benchmarks;

/// <summary>
/// A minimal in-memory <see cref="IEndpoint"/>: routes injected datagrams with the production <see cref="DatagramRouter"/>,
/// counts what the overlay sends and discards it (no copy, no queue), so a benchmark measures the overlay alone.
/// </summary>
public sealed class CountingEndpoint : IEndpoint
{
    /// <summary>Creates an open endpoint bound to <paramref name="localAddress"/> (a specific address, so no interface lookups).</summary>
    public CountingEndpoint(UdpAddress localAddress)
    {
        LocalAddress = localAddress;
        Router = new DatagramRouter(Counters.Drops);
    }

    /// <summary>Gets the router that injected datagrams go through.</summary>
    public DatagramRouter Router { get; }

    /// <summary>Gets the number of datagrams sent (and discarded).</summary>
    public long SentCount { get; private set; }

    /// <summary>Gets the message id of the last datagram sent (0 when none).</summary>
    public byte LastSentMessageId { get; private set; }

    /// <inheritdoc/>
    public bool IsOpen { get; private set; } = true;

    /// <inheritdoc/>
    public UdpAddress LocalAddress { get; }

    /// <inheritdoc/>
    public EndpointCounters Counters { get; } = new();

    /// <inheritdoc/>
    public ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        IsOpen = true;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask CloseAsync()
    {
        IsOpen = false;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <inheritdoc/>
    public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        SentCount++;
        LastSentMessageId = datagram.Length > CommunityPrefix.Length ? datagram[CommunityPrefix.Length] : (byte)0;
        return true;
    }

    /// <inheritdoc/>
    public void AddListener(IDatagramListener listener) => Router.AddListener(listener);

    /// <inheritdoc/>
    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => Router.AddPrefixListener(prefix, listener);

    /// <inheritdoc/>
    public void RemoveListener(IDatagramListener listener) => Router.RemoveListener(listener);
}
