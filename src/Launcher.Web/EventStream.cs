using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Launcher.Web;

/// <summary>
/// <c>GET /events</c>: server-sent events, one <c>snapshot</c> event per <see cref="WebApiOptions.EventInterval"/> with the
/// overlays, their peers (the who-knows-whom graph), datagram rates since the previous event, drop reasons, limiter
/// counters and the tracker's communities. Bounded per client: each client gets only the latest state (nothing queues),
/// a client that does not take an event within <see cref="WebApiOptions.EventWriteTimeout"/> is dropped, and at most
/// <see cref="WebApiOptions.MaxEventClients"/> are served at once (further ones get 503).
/// </summary>
internal sealed class EventStream(NodeView view, WebApiOptions options, Rejections rejections, WebApiCounters counters, TimeProvider time, JsonSerializerOptions json)
{
    private int _clients;

    /// <summary>Serves one client until it goes away or the server stops.</summary>
    public async Task ServeAsync(HttpContext context)
    {
        if (Interlocked.Increment(ref _clients) > options.MaxEventClients)
        {
            Interlocked.Decrement(ref _clients);
            await rejections.WriteAsync(context, WebApiRejection.TooManyEventClients, StatusCodes.Status503ServiceUnavailable, "too many event clients").ConfigureAwait(false);
            return;
        }

        try
        {
            context.Response.Headers.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            using var timer = new PeriodicTimer(options.EventInterval, time);
            Traffic? previous = null;
            var stopping = context.RequestAborted;
            do
            {
                var (body, traffic) = Snapshot(previous);
                previous = traffic;
                using var write = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                write.CancelAfter(options.EventWriteTimeout);
                try
                {
                    await context.Response.WriteAsync("event: snapshot\ndata: " + JsonSerializer.Serialize(body, json) + "\n\n", write.Token).ConfigureAwait(false);
                    await context.Response.Body.FlushAsync(write.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    counters.Rejections.Increment(WebApiRejection.SlowEventClient);
                    context.Abort();
                    return;
                }
            }
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away or the server is stopping.
        }
        finally
        {
            Interlocked.Decrement(ref _clients);
        }
    }

    private (object Body, Traffic Traffic) Snapshot(Traffic? previous)
    {
        var now = time.GetTimestamp();
        var overlays = view.Overlays().ToList();
        var drops = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var limiter = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var traffic = new Traffic(now, 0, 0, 0, 0);
        var endpointsSeen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var shapes = new List<object>();
        foreach (var (instance, host, overlay) in overlays)
        {
            var community = overlay.Community;
            var c = community.GetCounters();
            foreach (var (reason, value) in c.Drops)
            {
                var name = Ipv8.Communities.CommunityCounters.SnakeCase(reason);
                drops[name] = drops.GetValueOrDefault(name) + value;
            }

            foreach (var (name, value) in c.Limiter)
            {
                limiter[name] = limiter.GetValueOrDefault(name) + value;
            }

            // The overlays of one instance share its endpoint: count its traffic once.
            if (host.Endpoint is { } endpoint && endpointsSeen.Add(endpoint))
            {
                traffic = traffic with
                {
                    PacketsIn = traffic.PacketsIn + c.EndpointPacketsIn,
                    PacketsOut = traffic.PacketsOut + c.EndpointPacketsOut,
                    BytesIn = traffic.BytesIn + c.EndpointBytesIn,
                    BytesOut = traffic.BytesOut + c.EndpointBytesOut,
                };
            }

            shapes.Add(new
            {
                instance,
                name = overlay.Name,
                id = Convert.ToHexStringLower(community.CommunityId.Span),
                my_mid = community.MyPeer.PublicKey.MidHex,
                address = host.Endpoint?.LocalAddress.ToString(),
                peers = community.GetPeers().Select(p => p.PublicKey.MidHex).ToArray(),
            });
        }

        var seconds = previous is null ? 0 : time.GetElapsedTime(previous.Timestamp, now).TotalSeconds;
        double Rate(long current, long before) => seconds > 0 ? Math.Max(0, current - before) / seconds : 0;
        var body = new
        {
            time = time.GetUtcNow(),
            overlays = shapes,
            rates = new
            {
                packets_in = Rate(traffic.PacketsIn, previous?.PacketsIn ?? 0),
                packets_out = Rate(traffic.PacketsOut, previous?.PacketsOut ?? 0),
                bytes_in = Rate(traffic.BytesIn, previous?.BytesIn ?? 0),
                bytes_out = Rate(traffic.BytesOut, previous?.BytesOut ?? 0),
            },
            totals = traffic,
            drops,
            limiter,
            tracker = view.GetTrackerCommunities() is { } communities ? new { communities } : null,
        };
        return (body, traffic);
    }

    /// <summary>Datagram totals at one moment, for the rates of the next event.</summary>
    private sealed record Traffic(long Timestamp, long PacketsIn, long PacketsOut, long BytesIn, long BytesOut);
}
