namespace Ipv8.Messaging;

/// <summary>Packets and bytes in and out of an endpoint (<see cref="Traffic"/>), and its drops by reason. Thread-safe.</summary>
public sealed class EndpointCounters
{
    /// <summary>The largest datagram an endpoint sends (the IPv4 UDP payload limit).</summary>
    public const int MaxSendSize = 65_507;

    /// <summary>The largest datagram an endpoint accepts.</summary>
    public const int MaxReceiveSize = 65_535;

    /// <summary>Gets the traffic counters.</summary>
    public CounterSet<EndpointCounter> Traffic { get; } = new();

    /// <summary>Gets the number of datagrams received.</summary>
    public long PacketsIn => Traffic[EndpointCounter.PacketsIn];

    /// <summary>Gets the number of bytes received.</summary>
    public long BytesIn => Traffic[EndpointCounter.BytesIn];

    /// <summary>Gets the number of datagrams sent.</summary>
    public long PacketsOut => Traffic[EndpointCounter.PacketsOut];

    /// <summary>Gets the number of bytes sent.</summary>
    public long BytesOut => Traffic[EndpointCounter.BytesOut];

    /// <summary>Gets the drops by reason (receive and send side).</summary>
    public CounterSet<DropReason> Drops { get; } = new();

    /// <summary>Counts one received datagram of <paramref name="length"/> bytes.</summary>
    public void CountIn(int length)
    {
        Traffic.Increment(EndpointCounter.PacketsIn);
        Traffic.Add(EndpointCounter.BytesIn, length);
    }

    /// <summary>Counts one sent datagram of <paramref name="length"/> bytes.</summary>
    public void CountOut(int length)
    {
        Traffic.Increment(EndpointCounter.PacketsOut);
        Traffic.Add(EndpointCounter.BytesOut, length);
    }
}
