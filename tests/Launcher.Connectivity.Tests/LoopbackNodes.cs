using System.Net;
using System.Net.Sockets;
using Launcher.Cli;
using Launcher.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Connectivity.Tests;

/// <summary>Writes loopback configuration files and runs them in-process as <c>launcher run</c> does (the launcher and its connectivity nodes through DI).</summary>
internal static class LoopbackNodes
{
    public const string Overlay = "overlays:\n  - name: Demo\n    class: GenericOverlay\n    community_id: 4c61756e636865722074657374206f7665726c61\n    key: me\n"
        + "    walkers: [{ strategy: RandomWalk, peers: 20 }]\n";

    /// <summary>A file with one loopback interface (port 0), an ephemeral key, the Demo overlay (bootstrapping from <paramref name="tracker"/> when given) and <paramref name="connectivity"/>.</summary>
    public static string Yaml(string connectivity, int? tracker = null, string extra = "") =>
        "interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]\nkeys: [{ alias: me, generation: curve25519, ephemeral: true }]\nlogger: { level: WARNING }\n"
        + Overlay
        + (tracker is { } port ? $"    bootstrappers: [{{ class: DispersyBootstrapper, init: {{ ip_addresses: [[\"127.0.0.1\", {port}]], bootstrap_timeout: 0.5 }} }}]\n" : "    bootstrappers: []\n")
        + extra + connectivity;

    /// <summary>Starts the file's hosts and their connectivity nodes, as <c>launcher run</c> does.</summary>
    public static async Task<ServiceProvider> StartAsync(string path, CancellationToken cancellationToken)
    {
        var services = ModelLoading.CreateProvider(b => ModelLoading.Configure(b, path, pluginsDirectory: null), path, port: null, _ => NullLoggerFactory.Instance);
        try
        {
            _ = services.GetRequiredService<ConnectivityNodes>();
            await services.GetRequiredService<IOverlayLauncherService>().StartAsync(cancellationToken);
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>The IPv8 address of instance <paramref name="instance"/>.</summary>
    public static string AddressOf(ServiceProvider services, int instance = 0) =>
        services.GetRequiredService<IOverlayLauncherService>().Hosts[instance].Endpoint!.LocalAddress.ToEndPoint().ToString();

    /// <summary>A UDP port free right now on 127.0.0.1 (for a tracker the files must name in advance).</summary>
    public static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Runs <c>launcher connect</c> in-process; returns the exit code and the JSON line it printed.</summary>
    public static async Task<(int ExitCode, string Line)> ConnectAsync(string path, string to, string message, string timeout = "20s")
    {
        using var output = new StringWriter();
        var code = await ConnectCommand.ConnectAsync(path, null, to, "echo", message, timeout, port: null, output, CancellationToken.None);
        return (code, output.ToString().Trim());
    }
}
