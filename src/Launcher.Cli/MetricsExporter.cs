using System.Net;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace Launcher.Cli;

/// <summary>
/// <c>launcher run --metrics 127.0.0.1:9464</c>: serves every <c>Ipv8.*</c> meter (communities, messaging, tracker,
/// rendezvous, connectivity; the instruments the overlays publish) at <c>http://ADDRESS:PORT/metrics</c> in the Prometheus
/// text format, through OpenTelemetry's Prometheus HttpListener exporter (the format is the exporter's, not written here).
/// </summary>
internal static class MetricsExporter
{
    /// <summary>The meters exported: every meter of the runtime (Ipv8.Communities, Ipv8.Messaging, Ipv8.Tracker, ...).</summary>
    public const string MeterPattern = "Ipv8.*";

    /// <summary>
    /// Parses <c>ADDRESS:PORT</c> (IPv4, or IPv6 in brackets). Only loopback addresses are accepted: the counters tell
    /// who talks to this node, so they are not served to the network (a scraper elsewhere reaches them through a proxy).
    /// </summary>
    /// <exception cref="FormatException">Not an address and port, port 0, or not a loopback address.</exception>
    public static IPEndPoint Parse(string text)
    {
        if (!IPEndPoint.TryParse(text.Trim(), out var endpoint) || endpoint.Port == 0)
        {
            throw new FormatException($"'{text}' is not ADDRESS:PORT with a port (e.g. 127.0.0.1:9464)");
        }

        return IPAddress.IsLoopback(endpoint.Address)
            ? endpoint
            : throw new FormatException($"{endpoint.Address} is not a loopback address; /metrics is served on loopback only (127.0.0.1, ::1)");
    }

    /// <summary>Starts serving <c>/metrics</c> on <paramref name="endpoint"/>; disposing the result stops it.</summary>
    /// <exception cref="System.Net.HttpListenerException">The address and port cannot be listened on (in use).</exception>
    public static MeterProvider Start(IPEndPoint endpoint)
    {
        var host = endpoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]" : endpoint.Address.ToString();
        return Sdk.CreateMeterProviderBuilder()
            .AddMeter(MeterPattern)
            .AddPrometheusHttpListener(options =>
            {
                options.Host = host;
                options.Port = endpoint.Port;
            })
            .Build();
    }
}
