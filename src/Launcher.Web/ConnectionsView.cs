using System.Globalization;
using Launcher.Connectivity;
using Launcher.Hosting;
using Microsoft.AspNetCore.Http;

namespace Launcher.Web;

/// <summary>
/// What the rendezvous and connections issues added, in the API's JSON shapes: per instance, the namespaces advertised
/// and the peers found (<c>GET /discovery</c>, the <c>discovery</c> section) and the pipe server with its open pipes and
/// the NAT class (<c>GET /connectivity</c>, the <c>connectivity</c> section). Both take an optional <c>instance</c> query
/// parameter (0 is the first host); one that is not an instance number of the running launcher is refused (400, counted).
/// Every call takes a fresh snapshot; a stopped launcher reads as empty.
/// </summary>
internal sealed class ConnectionsView(IOverlayLauncherService launcher, ConnectivityNodes? nodes, Rejections rejections)
{
    /// <summary>
    /// <c>GET /discovery</c>: <c>{"instances": [{"instance", "advertised": [{"namespace", "confirmations"}],
    /// "found": {NAMESPACE: [{"mid", "public_key", "addresses", "interface"}]}}]}</c>; empty lists without a section.
    /// </summary>
    public IResult GetDiscovery(HttpContext context, Func<object, IResult> json)
    {
        if (!TryInstances(context, out var instances, out var refusal))
        {
            return refusal;
        }

        return json(new
        {
            instances = instances.Select(i =>
            {
                var host = launcher.Hosts[i];
                return new
                {
                    instance = i,
                    advertised = host.GetAdvertised().Select(a => new { @namespace = a.Key, confirmations = a.Value }).ToArray(),
                    found = host.GetDiscovered().ToDictionary(
                        p => p.Key,
                        p => p.Value.Select(peer => new
                        {
                            mid = peer.MidHex,
                            public_key = Convert.ToBase64String(peer.PublicKey.KeyBin),
                            addresses = peer.Addresses.Select(a => a.ToString()).ToArray(),
                            @interface = peer.InterfaceName,
                        }).ToArray(),
                        StringComparer.Ordinal),
                };
            }).ToArray(),
        });
    }

    /// <summary>
    /// <c>GET /connectivity</c>: <c>{"configured": bool, "nodes": [{"instance", "nat", "public_addresses", "pipe_server",
    /// "open_pipes"}]}</c>, one node per instance whose connectivity node has started (none without a section).
    /// </summary>
    public IResult GetConnectivity(HttpContext context, Func<object, IResult> json)
    {
        if (!TryInstances(context, out var instances, out var refusal))
        {
            return refusal;
        }

        var configured = launcher.IsRunning && launcher.Model.Configuration.Connectivity is not null;
        var started = configured && nodes is not null ? nodes.Started : new Dictionary<int, ConnectivityNode>();
        return json(new
        {
            configured,
            nodes = instances.Where(started.ContainsKey).Select(i =>
            {
                var node = started[i];
                return new
                {
                    instance = i,
                    nat = node.Nat.Class.ToString(),
                    public_addresses = node.Nat.PublicAddresses.Select(a => a.ToString()).ToArray(),
                    pipe_server = PipeServerAddress(node),
                    open_pipes = node.OpenPipes,
                };
            }).ToArray(),
        });
    }

    private static string? PipeServerAddress(ConnectivityNode node)
    {
        try
        {
            return node.Server.LocalEndPoint.ToString();
        }
        catch (InvalidOperationException)
        {
            // Stopped between the snapshot and this read.
            return null;
        }
    }

    /// <summary>The instances asked for: all running ones, or the one of the <c>instance</c> query parameter.</summary>
    private bool TryInstances(HttpContext context, out IReadOnlyList<int> instances, out IResult refusal)
    {
        var count = launcher.IsRunning ? launcher.Hosts.Count : 0;
        refusal = Results.Empty;
        var asked = context.Request.Query["instance"];
        if (asked.Count == 0)
        {
            instances = [.. Enumerable.Range(0, count)];
            return true;
        }

        instances = [];
        if (asked.Count > 1 || !int.TryParse(asked[0], NumberStyles.None, CultureInfo.InvariantCulture, out var instance) || instance >= count)
        {
            refusal = rejections.Refuse(context, WebApiRejection.BadParameters, StatusCodes.Status400BadRequest, count == 0
                ? "Parameter 'instance': the overlays are not running"
                : string.Create(CultureInfo.InvariantCulture, $"Parameter 'instance' must be one instance number, 0 to {count - 1}"));
            return false;
        }

        instances = [instance];
        return true;
    }
}
