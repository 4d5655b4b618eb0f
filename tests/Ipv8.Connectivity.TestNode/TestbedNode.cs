using System.Net;
using System.Net.Sockets;
using Ipv8.Communities;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Nat;
using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Reachability;
using Ipv8.Connectivity.Signalling;
using Ipv8.Connectivity.Stun;
using Ipv8.Connectivity.Turn;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Connectivity.TestNode;

/// <summary>One node of the testbed: NAT classified by STUN, an echo pipe server, the signalling overlay walked to the introducer, and a connector.</summary>
internal sealed class TestbedNode : IAsyncDisposable
{
    private static readonly StunClientOptions StunOptions = new() { InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100), TransactionTimeout = TimeSpan.FromMilliseconds(700) };

    private TestbedNode(PipeServer server, SignallingCommunity community, Connector connector, ReachabilityRecord record, NatClassification nat)
    {
        Server = server;
        Community = community;
        Connector = connector;
        Record = record;
        Nat = nat;
    }

    public PipeServer Server { get; }

    public SignallingCommunity Community { get; }

    public Connector Connector { get; }

    public ReachabilityRecord Record { get; }

    public NatClassification Nat { get; }

    public static KeyFactory Keys { get; } = new();

    public static async Task<TestbedNode> StartAsync(Arguments args, CancellationToken cancellationToken)
    {
        var ip = args.GetIp("ip");
        var stun = args.GetEndPoints("stun");
        var introducer = IPEndPoint.Parse(args.Get("introducer"));
        var nat = await ClassifyAsync(ip, stun, cancellationToken).ConfigureAwait(false);
        var key = Keys.GenerateCurve25519();
        var server = new PipeServer(key, Keys, [new EchoPipeHandler(), new HashSinkPipeHandler()], new PipeServerOptions { Listen = new IPEndPoint(ip, 0) });
        server.Start();
        var endpoint = new UdpEndpoint(UdpEndpointOptions.Bind(ip, 0));
        await endpoint.OpenAsync(cancellationToken).ConfigureAwait(false);
        var community = CreateCommunity(key, endpoint, maxPeers: 30);
        var introducerAddress = UdpAddress.FromEndPoint(introducer);
        using (var walk = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            walk.CancelAfter(TimeSpan.FromSeconds(10));
            for (var round = 0; community.Network.GetVerifiedByAddress(introducerAddress) is null; round++)
            {
                // The trust handshake takes two round trips; walk again every 500 ms in case a datagram was lost.
                if (round % 25 == 0)
                    community.WalkTo(introducerAddress);
                await Task.Delay(TimeSpan.FromMilliseconds(20), walk.Token).ConfigureAwait(false);
            }
        }

        var publicAddress = nat.PublicAddresses.Count > 0 ? nat.PublicAddresses[0] : ip;
        var record = ReachabilityRecord.Create(key, [publicAddress], server.LocalEndPoint.Port, nat.Class, DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        var options = ConnectorOptionsFrom(args);
        var probe = new StunTcpMappingProbe(new StunClient(StunOptions), stun.Take(1).ToList());
        IReadOnlyList<IConnectionRung> rungs = RelayFrom(args) is { } relay ? [.. Connector.BuiltInRungs, new RelayRung(relay, logger: new LineLogger<TurnClient>("TURN"))] : Connector.BuiltInRungs;
        var connector = new Connector(key, Keys, server, community, () => record, rungs, options, mappingProbe: probe);
        return new TestbedNode(server, community, connector, record, nat);
    }

    public static SignallingCommunity CreateCommunity(PrivateKey key, IEndpoint endpoint, int maxPeers) =>
        new(new CommunitySettings
        {
            CommunityId = new byte[20],
            MyPeer = new MyPeer(key),
            Endpoint = endpoint,
            Network = new Network(),
            KeyFactory = Keys,
            TimeProvider = TimeProvider.System,
            MaxPeers = maxPeers,
            Trust = new PeerTrustOptions { Enabled = true },
        });

    public async ValueTask DisposeAsync()
    {
        await Connector.DisposeAsync().ConfigureAwait(false);
        await Community.UnloadAsync().ConfigureAwait(false);
        await Community.Endpoint.DisposeAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The relay rung from <c>--turn IP:PORT</c> with <c>--turn-user U --turn-password-file F</c> (long-term) or
    /// <c>--turn-secret-file F</c> (coturn's use-auth-secret), <c>--turn-lifetime-s N</c> (the allocation lifetime asked
    /// for), or only <c>--accept-relay IP</c> (a node that answers at a relay but allocates none). Secrets come from files.
    /// </summary>
    private static RelayRungOptions? RelayFrom(Arguments args)
    {
        var accepted = args.Get("accept-relay", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(IPAddress.Parse).ToList();
        var turn = args.Get("turn", string.Empty);
        if (turn.Length == 0)
            return accepted.Count == 0 ? null : new RelayRungOptions { AcceptedRelayAddresses = accepted };
        var user = args.Get("turn-user", "testbed");
        var credentials = args.Get("turn-secret-file", string.Empty) is { Length: > 0 } secretFile
            ? TurnCredentials.SharedSecret(user, TurnCredentials.ReadSecretFile(secretFile))
            : TurnCredentials.LongTerm(user, TurnCredentials.ReadSecretFile(args.Get("turn-password-file")));
        var client = new TurnClientOptions { RequestedLifetime = TimeSpan.FromSeconds(args.GetInt("turn-lifetime-s", 600)) };
        return new RelayRungOptions { Servers = [new TurnServer(IPEndPoint.Parse(turn), credentials)], AcceptedRelayAddresses = accepted, Client = client };
    }

    private static ConnectorOptions ConnectorOptionsFrom(Arguments args)
    {
        var methods = args.Get("methods", "direct,reverse,tcp_punch").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var budgets = args.Get("budgets-ms", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(b => TimeSpan.FromMilliseconds(int.Parse(b, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        return new ConnectorOptions
        {
            Methods = methods,
            Budgets = methods.Zip(budgets).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal),
            PunchLead = TimeSpan.FromMilliseconds(args.GetInt("punch-lead-ms", 300)),
        };
    }

    /// <summary>Samples from one socket to every STUN endpoint (mapping, allocation) and runs the two RFC 5780 filtering probes against the first.</summary>
    private static async Task<NatClassification> ClassifyAsync(IPAddress ip, IReadOnlyList<IPEndPoint> stun, CancellationToken cancellationToken)
    {
        var client = new StunClient(StunOptions);
        var samples = new List<ReflectionSample>();
        using (var socket = Bound(ip))
        {
            var local = (IPEndPoint)socket.LocalEndPoint!;
            foreach (var server in stun)
            {
                try
                {
                    var result = await client.BindAsync(socket, server, cancellationToken: cancellationToken).ConfigureAwait(false);
                    samples.Add(new ReflectionSample(local, server, result.Mapped));
                }
                catch (StunException)
                {
                    // An unanswered reflector just gives no sample.
                }
            }
        }

        var probes = await Task.WhenAll(
            FilteringProbeAsync(client, ip, stun[0], changeIp: true, changePort: true, cancellationToken),
            FilteringProbeAsync(client, ip, stun[0], changeIp: false, changePort: true, cancellationToken)).ConfigureAwait(false);
        return NatClassifier.Classify(samples, probes);
    }

    private static async Task<FilteringProbe> FilteringProbeAsync(StunClient client, IPAddress ip, IPEndPoint server, bool changeIp, bool changePort, CancellationToken cancellationToken)
    {
        using var socket = Bound(ip);
        try
        {
            await client.BindAsync(socket, server, cancellationToken: cancellationToken).ConfigureAwait(false);
            await client.BindAsync(socket, server, changeIp, changePort, cancellationToken).ConfigureAwait(false);
            return new FilteringProbe(changeIp, changePort, true);
        }
        catch (StunException)
        {
            return new FilteringProbe(changeIp, changePort, false);
        }
    }

    private static Socket Bound(IPAddress ip)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(ip, 0));
        return socket;
    }
}
