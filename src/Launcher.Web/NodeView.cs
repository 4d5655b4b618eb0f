using System.Globalization;
using Ipv8.Communities;
using Ipv8.Messaging;
using Ipv8.Peers;
using Launcher.Hosting;

namespace Launcher.Web;

/// <summary>
/// Reads the launcher's state into the API's JSON shapes (py-ipv8's field names where py-ipv8 has the route). Every call
/// takes a fresh snapshot; nothing is cached, so a stopped launcher reads as empty.
/// </summary>
internal sealed class NodeView(IOverlayLauncherService launcher)
{
    /// <summary>Every running overlay of every instance, with its instance number.</summary>
    public IEnumerable<(int Instance, OverlayHost Host, RunningOverlay Overlay)> Overlays()
    {
        var hosts = launcher.IsRunning ? launcher.Hosts : [];
        for (var i = 0; i < hosts.Count; i++)
        {
            // A snapshot of the list: a host stopping meanwhile empties it.
            foreach (var overlay in hosts[i].Overlays.ToArray())
            {
                yield return (i, hosts[i], overlay);
            }
        }
    }

    /// <summary>py-ipv8's <c>GET /overlays</c> body.</summary>
    public object GetOverlays() => new
    {
        overlays = Overlays().Select(o => OverlayShape(o.Instance, o.Host, o.Overlay)).ToArray(),
    };

    /// <summary>py-ipv8's <c>GET /overlays/statistics</c> body: per overlay, its endpoint's traffic and its drops.</summary>
    public object GetStatistics() => new
    {
        statistics = Overlays().Select(o =>
        {
            var counters = o.Overlay.Community.GetCounters();
            var stats = new Dictionary<string, object>
            {
                ["num_up"] = counters.EndpointPacketsOut,
                ["num_down"] = counters.EndpointPacketsIn,
                ["bytes_up"] = counters.EndpointBytesOut,
                ["bytes_down"] = counters.EndpointBytesIn,
                ["drops"] = counters.Drops.ToDictionary(d => CommunityCounters.SnakeCase(d.Key), d => d.Value),
            };
            return new Dictionary<string, object> { [o.Overlay.Name] = stats };
        }).ToArray(),
    };

    /// <summary>py-ipv8's <c>GET /network</c> body: every verified peer of every instance by base64 mid.</summary>
    public object GetNetwork()
    {
        var peers = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var hosts = launcher.IsRunning ? launcher.Hosts : [];
        foreach (var network in hosts.Select(h => h.Network).OfType<Network>())
        {
            foreach (var peer in network.GetVerifiedPeers())
            {
                var address = peer.Address;
                peers[Convert.ToBase64String(peer.Mid)] = new
                {
                    ip = address.ToIPAddress().ToString(),
                    port = (int)address.Port,
                    public_key = Convert.ToBase64String(peer.PublicKey.KeyBin),
                    services = network.GetServices(peer).Select(s => s.ToString()).ToArray(),
                };
            }
        }

        return new { peers };
    }

    /// <summary>Every counter: per overlay, the hosted tracker's and the API's own.</summary>
    public object GetCounters(WebApiCounters api) => new
    {
        overlays = Overlays().Select(o => new
        {
            instance = o.Instance,
            name = o.Overlay.Name,
            counters = o.Overlay.Community.GetCounters().ToFlatDictionary(),
        }).ToArray(),
        tracker = launcher.IsRunning ? launcher.Tracker?.Counters.ToFlatDictionary() : null,
        api = api.ToFlatDictionary(),
    };

    /// <summary>
    /// Readiness: every instance started and every overlay bootstrapped (no bootstrappers, or at least one initialized, as
    /// the community's own bootstrap loop counts it). The reasons list why not.
    /// </summary>
    public (bool Ready, object Body) GetHealth()
    {
        var reasons = new List<string>();
        if (!launcher.IsRunning)
        {
            reasons.Add("the overlays are not running");
        }
        else
        {
            for (var i = 0; i < launcher.Hosts.Count; i++)
            {
                if (!launcher.Hosts[i].IsRunning)
                {
                    reasons.Add(string.Create(CultureInfo.InvariantCulture, $"instance {i} is not started"));
                }
            }
        }

        var overlays = Overlays().Select(o =>
        {
            var bootstrappers = o.Overlay.Community.Bootstrappers;
            var bootstrapped = bootstrappers.Count == 0 || bootstrappers.Any(b => b.IsInitialized);
            if (!bootstrapped)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"instance {o.Instance} overlay {o.Overlay.Name} has not bootstrapped yet"));
            }

            return new
            {
                instance = o.Instance,
                name = o.Overlay.Name,
                started = !o.Overlay.Community.IsUnloaded,
                bootstrapped,
                peers = o.Overlay.Community.PeerCount,
            };
        }).ToArray();
        var ready = reasons.Count == 0;
        return (ready, new { status = ready ? "ready" : "not_ready", reasons, overlays });
    }

    /// <summary>The hosted tracker's communities: community id (hex) → registered peer count; null without a tracker.</summary>
    public IReadOnlyDictionary<string, int>? GetTrackerCommunities() =>
        launcher.IsRunning ? launcher.Tracker?.GetServices().ToDictionary(s => s.Key, s => s.Value.Count, StringComparer.Ordinal) : null;

    private static object OverlayShape(int instance, OverlayHost host, RunningOverlay overlay)
    {
        var community = overlay.Community;
        return new
        {
            id = Convert.ToHexStringLower(community.CommunityId.Span),
            my_peer = Convert.ToHexStringLower(community.MyPeer.PublicKey.KeyBin),
            peers = community.GetPeers().Select(p => p.ToString()).ToArray(),
            overlay_name = overlay.Name,
            overlay_class = community.GetType().Name,
            instance,
            max_peers = community.MaxPeers,
            is_isolated = !ReferenceEquals(community.Network, host.Network),
            my_estimated_wan = AddressShape(community.MyEstimatedWan),
            my_estimated_lan = AddressShape(community.MyEstimatedLan),
            strategies = overlay.Strategies.Select(s => new { name = s.Strategy.GetType().Name, target_peers = s.TargetPeers }).ToArray(),
        };
    }

    private static object[] AddressShape(UdpAddress address) => [address.ToIPAddress().ToString(), (int)address.Port];
}
