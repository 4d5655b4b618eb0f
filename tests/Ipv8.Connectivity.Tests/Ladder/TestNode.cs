using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Nat;
using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Reachability;
using Ipv8.Keys;

namespace Ipv8.Connectivity.Tests.Ladder;

/// <summary>A node on 127.0.0.1: key, echo pipe server, connector on a shared in-memory signalling hub.</summary>
internal sealed class TestNode : IAsyncDisposable
{
    private readonly Socket? _closedPortHolder;

    public TestNode(KeyFactory keys, InMemorySignallingHub hub, ConnectorOptions options, bool announceClosedPort = false, bool joinSignalling = true, NatClass? nat = null)
    {
        Key = keys.GenerateCurve25519();
        Server = new PipeServer(Key, keys, [new EchoPipeHandler()]);
        Server.Start();
        var announcedPort = Server.LocalEndPoint.Port;
        if (announceClosedPort)
        {
            // Bound but never listening: a SYN to it is refused, like a port behind a NAT or firewall.
            _closedPortHolder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            _closedPortHolder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            announcedPort = ((IPEndPoint)_closedPortHolder.LocalEndPoint!).Port;
        }

        Record = ReachabilityRecord.Create(Key, [IPAddress.Loopback], announcedPort, nat ?? NatClass.Unknown, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        var channel = joinSignalling ? hub.ChannelFor(Key.PublicKey) : new InMemorySignallingHub().ChannelFor(Key.PublicKey);
        Connector = new Connector(Key, keys, Server, channel, () => Record, Connector.BuiltInRungs, options);
    }

    public PrivateKey Key { get; }

    public PipeServer Server { get; }

    public ReachabilityRecord Record { get; }

    public Connector Connector { get; }

    public async ValueTask DisposeAsync()
    {
        await Connector.DisposeAsync();
        await Server.DisposeAsync();
        _closedPortHolder?.Dispose();
    }
}
