using System.Net;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Nat;
using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Reachability;
using Ipv8.Connectivity.Turn;
using Ipv8.Keys;

namespace Ipv8.Connectivity.Tests.Turn;

/// <summary>A loopback node whose ladder includes the relay rung; its record announces a TCP port nobody listens on unless <c>openPort</c>.</summary>
internal sealed class RelayNode : IAsyncDisposable
{
    public RelayNode(KeyFactory keys, InMemorySignallingHub hub, ConnectorOptions options, RelayRungOptions relay, IEnumerable<IConnectionRung>? extraRungs = null, CapturingLogger<TurnClient>? logger = null, bool openPort = false)
    {
        Key = keys.GenerateCurve25519();
        Server = new PipeServer(Key, keys, [new EchoPipeHandler(), Sink]);
        Server.Start();

        // Port 1 on loopback is closed: direct fails at once, as toward a node behind a NAT.
        Record = ReachabilityRecord.Create(Key, [IPAddress.Loopback], openPort ? Server.LocalEndPoint.Port : 1, NatClass.Unknown, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        Connector = new Connector(Key, keys, Server, hub.ChannelFor(Key.PublicKey), () => Record,
            [.. Connector.BuiltInRungs, new RelayRung(relay, logger: logger), .. extraRungs ?? []], options);
    }

    public PrivateKey Key { get; }

    public PipeServer Server { get; }

    public HashSinkHandler Sink { get; } = new();

    public ReachabilityRecord Record { get; }

    public Connector Connector { get; }

    public async ValueTask DisposeAsync()
    {
        await Connector.DisposeAsync();
        await Server.DisposeAsync();
    }
}
