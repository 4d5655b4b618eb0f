using Ipv8.Messaging;

namespace Ipv8.Simulation.Tests;

/// <summary>Records (virtual time, receiver, source, payload) of every datagram it sees, into a shared trace.</summary>
internal sealed class TraceListener(VirtualClock clock, string receiver, List<string>? trace = null) : IDatagramListener
{
    public List<(TimeSpan At, UdpAddress Source, byte[] Data)> Received { get; } = [];

    public Action<UdpAddress, byte[]>? OnReceive { get; init; }

    public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        var data = datagram.ToArray();
        Received.Add((clock.Elapsed, source, data));
        trace?.Add($"{clock.Elapsed.Ticks} {receiver} <- {source} {Convert.ToHexString(data)}");
        OnReceive?.Invoke(source, data);
    }
}
