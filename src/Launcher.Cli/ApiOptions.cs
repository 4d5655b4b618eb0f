using System.CommandLine;
using Launcher.Hosting;
using Launcher.Web;
using Microsoft.Extensions.Logging;

namespace Launcher.Cli;

/// <summary>
/// <c>launcher run --api IP:PORT [--api-key-file FILE]</c>: serves the REST API and dashboard (<see cref="ApiServer"/>)
/// beside the overlays. Kept apart from <see cref="RunCommand"/> so the run command only adds the options and one call.
/// </summary>
internal static class ApiOptions
{
    /// <summary>The <c>--api</c> option: where to serve; absent = no API.</summary>
    public static Option<string?> Api() => new("--api")
    {
        Description = "Serve the REST API and live dashboard on IP:PORT (e.g. 127.0.0.1:8085; a bare port binds 127.0.0.1). A non-loopback address requires an API key.",
    };

    /// <summary>The <c>--api-key-file</c> option: the key's file (else the LAUNCHER_API_KEY environment variable).</summary>
    public static Option<string?> ApiKeyFile() => new("--api-key-file")
    {
        Description = "File whose first line is the API key clients send as X-Api-Key (default: the LAUNCHER_API_KEY environment variable). Without a key, writes are refused.",
    };

    /// <summary>Starts the API when <paramref name="api"/> is given; prints where it listens (never the key) unless <paramref name="quietLine"/>.</summary>
    /// <returns>The running server to dispose at the end, or null without <c>--api</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="api"/> is not IP:PORT or PORT.</exception>
    /// <exception cref="InvalidOperationException">A non-loopback address without a key, or an unreadable key file.</exception>
    /// <exception cref="IOException">The address cannot be bound.</exception>
    public static async Task<IAsyncDisposable?> StartAsync(string? api, string? keyFile, IOverlayLauncherService launcher, ILoggerFactory? loggers, bool quietLine, CancellationToken cancellationToken)
    {
        if (api is null)
        {
            return null;
        }

        if (!WebApiOptions.TryParseEndpoint(api, out var endpoint))
        {
            throw new ArgumentException($"--api: '{api}' is not IP:PORT or PORT (e.g. 127.0.0.1:8085)");
        }

        var server = new ApiServer(launcher, new WebApiOptions { Endpoint = endpoint, ApiKeyFile = keyFile }, loggers);
        try
        {
            await server.StartAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        if (!quietLine)
        {
            Console.WriteLine($"api listening on {server.Address} (REST API and dashboard)");
        }

        return server;
    }
}
