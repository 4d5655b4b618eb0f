namespace Ipv8.Simulation;

/// <summary>Something the <see cref="VirtualClock"/> runs at a scheduled virtual time (a timer or a datagram delivery).</summary>
internal interface IVirtualEvent
{
    /// <summary>Runs the event scheduled with <paramref name="argument"/>.</summary>
    void Fire(long argument);

    /// <summary>Returns false when the entry scheduled with <paramref name="argument"/> was superseded (a changed or disposed timer).</summary>
    bool IsLive(long argument);
}
