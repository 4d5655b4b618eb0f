using System.Net;
using System.Net.Sockets;
using Ipv8.Connectivity.Nat;
using Ipv8.Connectivity.Stun;

namespace Launcher.Connectivity;

/// <summary>Classifies the node's NAT with the configured STUN servers (mapping and allocation from one socket to every server, the two RFC 5780 filtering probes against the first).</summary>
internal static class NatProbe
{
    private static readonly StunClientOptions Options = new() { InitialRetransmissionTimeout = TimeSpan.FromMilliseconds(100), TransactionTimeout = TimeSpan.FromMilliseconds(700) };

    /// <summary>Classifies from <paramref name="local"/>; with no server, or when none answers, the class is unknown.</summary>
    public static async Task<NatClassification> ClassifyAsync(IPAddress local, IReadOnlyList<IPEndPoint> servers, CancellationToken cancellationToken)
    {
        if (servers.Count == 0)
            return new NatClassification(NatClass.Unknown, [], ["no stun_servers configured"]);
        var client = new StunClient(Options);
        var samples = new List<ReflectionSample>();
        using (var socket = Bound(local))
        {
            var bound = (IPEndPoint)socket.LocalEndPoint!;
            foreach (var server in servers)
            {
                try
                {
                    var result = await client.BindAsync(socket, server, cancellationToken: cancellationToken).ConfigureAwait(false);
                    samples.Add(new ReflectionSample(bound, server, result.Mapped));
                }
                catch (StunException)
                {
                    // An unanswered reflector gives no sample.
                }
            }
        }

        var probes = await Task.WhenAll(
            FilteringProbeAsync(client, local, servers[0], changeIp: true, changePort: true, cancellationToken),
            FilteringProbeAsync(client, local, servers[0], changeIp: false, changePort: true, cancellationToken)).ConfigureAwait(false);
        return NatClassifier.Classify(samples, probes);
    }

    private static async Task<FilteringProbe> FilteringProbeAsync(StunClient client, IPAddress local, IPEndPoint server, bool changeIp, bool changePort, CancellationToken cancellationToken)
    {
        using var socket = Bound(local);
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

    private static Socket Bound(IPAddress local)
    {
        var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(local, 0));
        return socket;
    }
}
