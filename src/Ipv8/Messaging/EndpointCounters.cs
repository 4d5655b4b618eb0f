namespace Ipv8.Messaging;

/// <summary>Packets and bytes in and out of an endpoint, and its drops by reason. Thread-safe.</summary>
public sealed class EndpointCounters
{
    /// <summary>The largest datagram an endpoint sends (the IPv4 UDP payload limit).</summary>
    public const int MaxSendSize = 65_507;

    /// <summary>The largest datagram an endpoint accepts.</summary>
    public const int MaxReceiveSize = 65_535;

    private long _packetsIn;
    private long _bytesIn;
    private long _packetsOut;
    private long _bytesOut;

    /// <summary>Gets the number of datagrams received.</summary>
    public long PacketsIn => Interlocked.Read(ref _packetsIn);

    /// <summary>Gets the number of bytes received.</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Gets the number of datagrams sent.</summary>
    public long PacketsOut => Interlocked.Read(ref _packetsOut);

    /// <summary>Gets the number of bytes sent.</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>Gets the drops by reason (receive and send side).</summary>
    public DropCounters Drops { get; } = new();

    /// <summary>Counts one received datagram of <paramref name="length"/> bytes.</summary>
    public void CountIn(int length)
    {
        Interlocked.Increment(ref _packetsIn);
        Interlocked.Add(ref _bytesIn, length);
    }

    /// <summary>Counts one sent datagram of <paramref name="length"/> bytes.</summary>
    public void CountOut(int length)
    {
        Interlocked.Increment(ref _packetsOut);
        Interlocked.Add(ref _bytesOut, length);
    }
}
