using System.Runtime.InteropServices;
using Ipv8.Messaging;

namespace Ipv8.Communities;

/// <summary>
/// Per unproven address: bytes and packets received from it and sent to it in the current window. A send is allowed
/// only while it keeps sent ≤ received in both bytes and packets, so nothing we send toward an address that has not
/// proven itself can reflect more than that address (or someone forging it) sent us. Bounded: when full, windows that
/// ended are forgotten, else the oldest window. Not thread-safe.
/// </summary>
internal sealed class ReflectionLedger(int capacity, TimeSpan window)
{
    private readonly Dictionary<UdpAddress, Entry> _entries = [];

    public int Count => _entries.Count;

    /// <summary>Records a received datagram of <paramref name="bytes"/> from <paramref name="address"/>; false when the table was full and its oldest entry was forgotten.</summary>
    public bool Credit(UdpAddress address, int bytes, long nowTicks)
    {
        var full = false;
        if (!_entries.ContainsKey(address) && _entries.Count >= capacity && !Prune(nowTicks))
        {
            // Forgetting an entry never creates credit (each entry only ever allows what its own address sent), so the
            // oldest window makes room and a flood from many addresses cannot starve newcomers.
            EvictOldest();
            full = true;
        }

        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, address, out var existed);
        if (!existed || nowTicks - entry.Start >= window.Ticks)
        {
            entry = new Entry(nowTicks, 0, 0, 0, 0);
        }

        entry = entry with { ReceivedBytes = entry.ReceivedBytes + bytes, ReceivedPackets = entry.ReceivedPackets + 1 };
        return !full;
    }

    /// <summary>Returns the bytes that may still be sent to <paramref name="address"/> as one packet (0 when no packet may be sent).</summary>
    public long Available(UdpAddress address, long nowTicks)
    {
        if (!_entries.TryGetValue(address, out var entry) || nowTicks - entry.Start >= window.Ticks
            || entry.SentPackets >= entry.ReceivedPackets)
        {
            return 0;
        }

        return entry.ReceivedBytes - entry.SentBytes;
    }

    /// <summary>Spends one packet of <paramref name="bytes"/> toward <paramref name="address"/>; false (nothing spent) when over budget.</summary>
    public bool TrySpend(UdpAddress address, int bytes, long nowTicks)
    {
        if (Available(address, nowTicks) < bytes)
        {
            return false;
        }

        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, address);
        entry = entry with { SentBytes = entry.SentBytes + bytes, SentPackets = entry.SentPackets + 1 };
        return true;
    }

    /// <summary>Forgets <paramref name="address"/> (it proved itself).</summary>
    public void Forget(UdpAddress address) => _entries.Remove(address);

    private void EvictOldest() => TableEviction.RemoveOldest(_entries, static entry => entry.Start);

    private bool Prune(long nowTicks)
        => TableEviction.RemoveStale(_entries, (Now: nowTicks, Window: window.Ticks), static (entry, state) => state.Now - entry.Start >= state.Window) > 0;

    private readonly record struct Entry(long Start, long ReceivedBytes, int ReceivedPackets, long SentBytes, int SentPackets);
}
