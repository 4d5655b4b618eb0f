namespace Ipv8.Simulation;

/// <summary>
/// Network-wide counts of a <see cref="SimulatedNetwork"/>. Not thread-safe (the simulation is single-threaded).
/// Every datagram put on the wire ends as exactly one delivery or one drop once the clock has run far enough:
/// <c>Sent = Delivered + DroppedTotal + in flight</c>.
/// </summary>
public sealed class SimulatedNetworkCounters
{
    private readonly long[] _dropped = new long[Enum.GetValues<SimulatedDropReason>().Length];

    /// <summary>Gets the number of datagrams put on the wire (a broadcast counts once per receiver, at least once).</summary>
    public long Sent { get; private set; }

    /// <summary>Gets the number of datagrams handed to a destination endpoint.</summary>
    public long Delivered { get; private set; }

    /// <summary>Gets the number of bytes handed to destination endpoints.</summary>
    public long BytesDelivered { get; private set; }

    /// <summary>Gets the number of datagrams dropped for <paramref name="reason"/>.</summary>
    public long this[SimulatedDropReason reason] => _dropped[(int)reason];

    /// <summary>Gets the number of datagrams dropped for any reason.</summary>
    public long DroppedTotal
    {
        get
        {
            long total = 0;
            foreach (var count in _dropped)
            {
                total += count;
            }

            return total;
        }
    }

    internal void CountSent() => Sent++;

    internal void CountDelivered(int length)
    {
        Delivered++;
        BytesDelivered += length;
    }

    internal void CountDropped(SimulatedDropReason reason) => _dropped[(int)reason]++;
}
