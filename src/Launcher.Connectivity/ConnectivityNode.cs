using System.Globalization;
using System.Net;
using Ipv8.Communities;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Nat;
using Ipv8.Connectivity.Pipes;
using Ipv8.Connectivity.Reachability;
using Ipv8.Connectivity.Signalling;
using Ipv8.Keys;
using Ipv8.Messaging;
using Launcher.Definitions;
using Launcher.Hosting;
using Microsoft.Extensions.Logging;

namespace Launcher.Connectivity;

/// <summary>
/// One overlay host's connectivity, as its <c>connectivity:</c> section declares it: a TCP <see cref="PipeServer"/> on the
/// host's interface address serving the declared handlers, the <see cref="SignallingCommunity"/> and a record-exchange
/// overlay on the host's endpoint (sharing its network and the identity of its first overlay), the node's signed
/// <see cref="ReachabilityRecord"/> (re-signed before it expires) and a <see cref="Connector"/> with the declared rungs and budgets.
/// </summary>
public sealed class ConnectivityNode : IAsyncDisposable
{
    private static readonly TimeSpan RecordLifetime = TimeSpan.FromHours(1);

    private readonly Lock _recordLock = new();
    private readonly PrivateKey _key;
    private readonly IReadOnlyList<IPAddress> _addresses;
    private readonly TimeProvider _time;
    private readonly OverlayHost _host;
    private readonly SignallingCommunity _signalling;
    private readonly RecordExchangeCommunity _exchange;
    private ReachabilityRecord _record;

    private ConnectivityNode(OverlayHost host, PrivateKey key, PipeServer server, SignallingCommunity signalling, RecordExchangeCommunity exchange, NatClassification nat, IReadOnlyList<IPAddress> addresses, TimeProvider time, ReachabilityRecord record)
    {
        _host = host;
        _key = key;
        Server = server;
        _signalling = signalling;
        _exchange = exchange;
        Nat = nat;
        _addresses = addresses;
        _time = time;
        _record = record;
        Connector = null!;
    }

    /// <summary>Gets the node's connector (the ladder, both ways).</summary>
    public Connector Connector { get; private set; }

    /// <summary>Gets the host's endpoint, which the node's overlays share.</summary>
    public IEndpoint Endpoint => _signalling.Endpoint;

    /// <summary>Gets the node's pipe server.</summary>
    public PipeServer Server { get; }

    /// <summary>Gets the NAT classification found at start (unknown without <c>stun_servers</c>).</summary>
    public NatClassification Nat { get; }

    /// <summary>Gets the number of pipes open on the server now.</summary>
    public int OpenPipes => Server.OpenConnections;

    /// <summary>Gets the node's current signed record (a fresh one once the old one is past half its lifetime).</summary>
    public ReachabilityRecord Record
    {
        get
        {
            lock (_recordLock)
            {
                var now = _time.GetUtcNow();
                if (now - _record.IssuedAt > RecordLifetime / 2)
                    _record = ReachabilityRecord.Create(_key, _addresses, Server.LocalEndPoint.Port, Nat.Class, now, RecordLifetime);
                return _record;
            }
        }
    }

    /// <summary>Starts the node of <paramref name="host"/> (which must be running).</summary>
    /// <param name="section">The declared section.</param>
    /// <param name="host">The started host; its first overlay's identity is the node's.</param>
    /// <param name="handlers">Pipe handlers available by protocol name; the section's <c>handlers</c> pick among them (<c>echo</c> is built in).</param>
    /// <param name="options">The host's options (clock, loggers, base directory for secret files).</param>
    /// <param name="environment">Reads environment variables (TURN secrets); null reads the process environment.</param>
    /// <param name="cancellationToken">Stops the NAT classification.</param>
    /// <returns>The running node.</returns>
    /// <exception cref="InvalidOperationException">The host runs no overlay, a handler is unknown, or a TURN secret cannot be read (the message names the file or variable, never the secret).</exception>
    /// <exception cref="System.Net.Sockets.SocketException">The pipe server cannot listen.</exception>
    public static async Task<ConnectivityNode> StartAsync(ConnectivityDefinition section, OverlayHost host, IEnumerable<IPipeHandler> handlers, OverlayHostOptions options, Func<string, string?>? environment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(handlers);
        ArgumentNullException.ThrowIfNull(options);
        if (host.Overlays.Count == 0 || host.Endpoint is not { } endpoint || host.Network is not { } network)
            throw new InvalidOperationException("connectivity needs a running overlay host with at least one overlay (its identity is the node's)");
        environment ??= Environment.GetEnvironmentVariable;
        var myPeer = host.Overlays[0].Community.MyPeer;
        var keys = options.KeyFactory ?? new KeyFactory();
        var available = handlers.Append(new EchoPipeHandler()).GroupBy(h => h.Protocol, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var chosen = section.Handlers.Items.Select(name => available.TryGetValue(name, out var h) ? h
            : throw new InvalidOperationException($"{section.Origin}: no pipe handler '{name}' (known: {string.Join(", ", available.Keys.Order(StringComparer.Ordinal))})")).ToList();
        var relay = section.Turn.Items.Select(t => TurnSecrets.ServerOf(t, options.BaseDirectory, environment)).ToList();

        // The declared listen address, else the host's interface address: the pipe server sits beside the overlays.
        var listenIp = IPAddress.Parse(section.ListenIp);
        if (listenIp.Equals(IPAddress.Any) || listenIp.Equals(IPAddress.IPv6Any))
            listenIp = endpoint.LocalAddress.ToIPAddress();
        var stun = section.StunServers.Items.Select(s => new IPEndPoint(IPAddress.Parse(s.Key), s.Value)).ToList();
        var probeAddress = listenIp.Equals(IPAddress.Any) ? IPAddress.Loopback : listenIp;
        var nat = await NatProbe.ClassifyAsync(probeAddress, stun, cancellationToken).ConfigureAwait(false);

        var loggers = options.LoggerFactory;
        var server = new PipeServer(myPeer.PrivateKey, keys, chosen, new PipeServerOptions { Listen = new IPEndPoint(listenIp, section.ListenPort) }, loggers.CreateLogger<PipeServer>());
        server.Start();
        List<IPAddress> addresses = [.. nat.PublicAddresses];
        if (!listenIp.Equals(IPAddress.Any) && !listenIp.Equals(IPAddress.IPv6Any) && !addresses.Contains(listenIp))
            addresses.Add(listenIp);
        var time = options.TimeProvider;
        var record = ReachabilityRecord.Create(myPeer.PrivateKey, addresses, server.LocalEndPoint.Port, nat.Class, time.GetUtcNow(), RecordLifetime);
        var settings = new CommunitySettings
        {
            CommunityId = new byte[20],
            MyPeer = myPeer,
            Endpoint = endpoint,
            Network = network,
            KeyFactory = keys,
            TimeProvider = time,
            LoggerFactory = loggers,
            Trust = new PeerTrustOptions { Enabled = true },
        };
        var signalling = new SignallingCommunity(settings);
        ConnectivityNode? node = null;
        var exchange = new RecordExchangeCommunity(settings with { CommunityId = RecordExchangeCommunity.Id }, keys, () => node!.Record);
        node = new ConnectivityNode(host, myPeer.PrivateKey, server, signalling, exchange, nat, addresses, time, record);
        List<IConnectionRung> rungs = [.. Connector.BuiltInRungs];
        if (relay.Count > 0)
            rungs.Add(new RelayRung(new RelayRungOptions { Servers = relay }, time, loggers.CreateLogger<Ipv8.Connectivity.Turn.TurnClient>()));
        var connectorOptions = new ConnectorOptions
        {
            Methods = [.. section.Methods.Items],
            DefaultBudget = section.DefaultBudget,
            Budgets = section.Budgets.Items.ToDictionary(b => b.Key, b => b.Value, StringComparer.Ordinal),
        };
        node.Connector = new Connector(myPeer.PrivateKey, keys, server, signalling, () => node.Record, rungs, connectorOptions, time, loggers.CreateLogger<Connector>());
        return node;
    }

    /// <summary>
    /// Finds a peer and returns its signed record: <paramref name="to"/> is a mid (40 hex digits, looked up among the
    /// host's verified peers until <paramref name="timeout"/>) or an <c>IP:PORT</c> (the peer's IPv8 UDP address). The
    /// record is asked of the peer itself (walking to it first) and must carry the mid asked for.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="to"/> is neither a mid nor an IP:PORT.</exception>
    /// <exception cref="TimeoutException">The peer was not found, or did not answer, within <paramref name="timeout"/>.</exception>
    public async Task<ReachabilityRecord> FindPeerAsync(string to, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(to);
        var deadline = _time.GetUtcNow() + timeout;
        UdpAddress address;
        byte[]? mid = null;
        if (to.Length == 40 && to.All(char.IsAsciiHexDigit))
        {
            mid = Convert.FromHexString(to);
            address = await FindByMidAsync(mid, timeout, cancellationToken).ConfigureAwait(false);
        }
        else if (IPEndPoint.TryParse(to, out var endPoint) && endPoint.Port != 0)
        {
            address = UdpAddress.FromEndPoint(endPoint);
        }
        else
        {
            throw new FormatException($"'{to}' is neither a mid (40 hex digits) nor an IP:PORT");
        }

        lock (_host.Network!.SyncRoot)
            _signalling.WalkTo(address);
        var left = deadline - _time.GetUtcNow();
        var record = await _exchange.RequestRecordAsync(address, null, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
        if (mid is not null && !record.Key.Mid.SequenceEqual(mid))
            throw new TimeoutException($"the node at {address} is {record.Key.MidHex}, not {to.ToLowerInvariant()}");
        return record;
    }

    private async Task<UdpAddress> FindByMidAsync(byte[] mid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            while (true)
            {
                var peer = _host.Network!.GetVerifiedPeers().FirstOrDefault(p => p.Mid.SequenceEqual(mid));
                if (peer is not null)
                    return peer.Address;

                // Peers arrive as the overlays walk; look again shortly.
                await Task.Delay(TimeSpan.FromMilliseconds(100), _time, bounded.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(string.Create(CultureInfo.InvariantCulture, $"no peer with mid {Convert.ToHexStringLower(mid)} among the overlays' {_host.Network!.GetVerifiedPeers().Count} verified peers within {timeout.TotalSeconds:0.#} s"));
        }
    }

    /// <summary>Stops the connector, both overlays and the pipe server.</summary>
    public async ValueTask DisposeAsync()
    {
        await Connector.DisposeAsync().ConfigureAwait(false);
        await _exchange.UnloadAsync().ConfigureAwait(false);
        await _signalling.UnloadAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
    }
}
