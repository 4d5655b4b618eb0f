using System.CommandLine;
using Ipv8.Bootstrapping;
using Launcher.Configuration;
using Launcher.Connectivity;
using Launcher.Hosting;
using Launcher.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Launcher.Cli;

/// <summary>
/// <c>launcher run [FILE]</c>: validates, launches every overlay (and the configured tracker, if any), shows the
/// overlays every second (a table redrawn in place on a terminal; plain lines when redirected or with <c>--plain</c>;
/// nothing with <c>--quiet</c>), writes the <c>--report</c> JSON lines, and stops in reverse launch order on Ctrl-C,
/// SIGTERM or after <c>--duration</c>. Runs on the generic host (<see cref="RunHost"/>: appsettings.json, the
/// <c>Logging</c> section, <c>LAUNCHER_</c>/<c>DOTNET_</c> environment variables, a bounded drain).
/// </summary>
internal static class RunCommand
{
    /// <param name="warmup">The start-up warm-up begun in <c>Main</c>; null starts one when the command runs.</param>
    public static Command Create(StartupWarmup? warmup = null)
    {
        var file = CliOptions.File(optional: true);
        var plugins = CliOptions.Plugins();
        var duration = CliOptions.Duration();
        var port = new Option<int?>("--port") { Description = "Override the port of every configured interface (0 = any free port)." };
        var report = new Option<string?>("--report") { Description = "Write JSON lines (one per overlay every second and on every change) to this file." };
        var quiet = new Option<bool>("--quiet") { Description = "Do not show the overlays while running (only the start-up line)." };
        var plain = new Option<bool>("--plain") { Description = "One line per overlay per second, as a log would, instead of the table redrawn in place (the default when output is redirected)." };
        var api = ApiOptions.Api();
        var apiKeyFile = ApiOptions.ApiKeyFile();
        var peerCache = new Option<string?>("--peer-cache") { Description = "The directory of the warm-restart peer caches (peers.OVERLAY.json, mode 0600; default: the working directory)." };
        var noPeerCache = new Option<bool>("--no-peer-cache") { Description = "Neither read nor write peer caches." };
        var metrics = new Option<string?>("--metrics") { Description = "Serve the counters at http://ADDRESS:PORT/metrics in Prometheus text format (loopback only, e.g. 127.0.0.1:9464)." };
        var command = new Command("run", "Run the overlays of a configuration file (default overlays.yaml).") { file, plugins, duration, port, report, quiet, plain, peerCache, noPeerCache, metrics, api, apiKeyFile };
        command.SetAction((result, cancellationToken) => RunAsync(
            warmup ?? StartupWarmup.Start(),
            // null: no FILE given, so overlays.yaml here or else the built-in default.
            result.GetResult(file) is { Tokens.Count: > 0 } ? result.GetValue(file) : null,
            result.GetValue(plugins),
            result.GetValue(duration),
            result.GetValue(port),
            result.GetValue(report),
            result.GetValue(noPeerCache) ? null : new PeerCacheOptions { Directory = result.GetValue(peerCache) ?? "." },
            result.GetValue(metrics),
            StatusLoop.Choose(result.GetValue(quiet), result.GetValue(plain), Console.IsOutputRedirected, () => AnsiConsole.Profile.Capabilities.Ansi),
            (result.GetValue(api), result.GetValue(apiKeyFile)),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(StartupWarmup warmup, string? file, string? plugins, string? durationText, int? port, string? reportPath, PeerCacheOptions? peerCache, string? metricsText, RunOutputMode mode, (string? Endpoint, string? KeyFile) api, CancellationToken cancellationToken)
    {
        TimeSpan? duration;
        try
        {
            duration = CliOptions.ParseDuration(durationText);
        }
        catch (FormatException exception)
        {
            await Console.Error.WriteLineAsync($"--duration: {exception.Message}");
            return 2;
        }

        System.Net.IPEndPoint? metricsEndpoint = null;
        try
        {
            metricsEndpoint = metricsText is null ? null : MetricsExporter.Parse(metricsText);
        }
        catch (FormatException exception)
        {
            await Console.Error.WriteLineAsync($"--metrics: {exception.Message}");
            return 2;
        }

        // The generic host's own configuration (appsettings.json, LAUNCHER_/DOTNET_ variables): logging and the drain bound.
        var directory = Directory.GetCurrentDirectory();
        ConfigurationManager hostConfiguration;
        string environment;
        TimeSpan shutdownTimeout;
        try
        {
            (hostConfiguration, environment) = RunHost.LoadConfiguration(directory);
            shutdownTimeout = RunHost.ShutdownTimeout(hostConfiguration);
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or IOException)
        {
            await Console.Error.WriteLineAsync($"launcher: appsettings: {exception.Message}");
            return 2;
        }

        warmup.SetLoggingConfiguration(hostConfiguration.GetSection("Logging"));
        file ??= File.Exists(CliOptions.DefaultFile) ? CliOptions.DefaultFile : null;
        if (file is null)
        {
            await Console.Error.WriteLineAsync($"launcher: no {CliOptions.DefaultFile} here; running the built-in default configuration (the demo overlays.yaml of the repository)");
        }

        // One pipeline with any application's: AddOverlayLauncher's hosted service starts one host per `instances` and the
        // `tracker:` section; the API (--api or the file's api: section) is a hosted service after it, so it stops first.
        var builder = RunHost.CreateBuilder(hostConfiguration, environment, directory, shutdownTimeout);
        ModelLoading.AddServices(builder.Services, b => ModelLoading.ConfigureRun(b, file, plugins), file, port, _ => warmup.GetLoggers(), peerCache);
        builder.Services.AddOverlayLauncherWebApi(sp => ApiOptions.Resolve(api.Endpoint, api.KeyFile, sp.GetRequiredService<IOverlayLauncherService>().Model.Configuration.Api));
        var host = builder.Build();
        var launcher = host.Services.GetRequiredService<IOverlayLauncherService>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        if (duration is { } d)
        {
            stop.CancelAfter(d);
        }

        launcher.HostStarted += (_, started) =>
        {
            if (started.Instance == 0)
            {
                PrintListening(started.Host);
            }
        };
        try
        {
            // Resolved before the start so that each host's `connectivity:` node starts with it.
            var connectivity = host.Services.GetRequiredService<ConnectivityNodes>();
            warmup.SetMinimumLevel(ParseLevel(launcher.Model.Configuration.LogLevel));
            using var reportWriter = reportPath is null ? null : OverlayReportWriter.Create(reportPath, TimeProvider.System);
            using var metricsExporter = metricsEndpoint is null ? null : MetricsExporter.Start(metricsEndpoint);
            if (reportWriter is not null)
            {
                reportWriter.ConnectivityOf = overlay => connectivity.Started.Values.FirstOrDefault(n => ReferenceEquals(n.Endpoint, overlay.Endpoint)) is { } node
                    ? (node.Nat.Class.ToString(), node.OpenPipes)
                    : null;
            }

            await host.StartAsync(stop.Token);
            await connectivity.WhenAllStartedAsync(stop.Token);
            if (launcher.Tracker is { } tracker && mode != RunOutputMode.Live)
            {
                // The live table shows the tracker's address itself; a line printed beside it would break the redraw.
                Console.WriteLine($"tracker listening on {tracker.Endpoint.LocalAddress}");
            }

            if (host.Services.GetRequiredService<ApiHostedService>().Server?.Address is { } apiAddress && mode != RunOutputMode.Live)
            {
                Console.WriteLine($"api listening on {apiAddress} (REST API and dashboard)");
            }

            var hosts = launcher.Hosts;
            var overlays = hosts.SelectMany((h, index) => h.Overlays.Select(o => (Name: hosts.Count == 1 ? o.Name : $"{o.Name}#{index}", Overlay: o.Community))).ToList();
            if (reportWriter is not null)
            {
                var hostOf = hosts.SelectMany(h => h.Overlays.Select(o => (o.Community, Host: h))).ToDictionary(p => p.Community, p => p.Host);
                reportWriter.Discovered = community => hostOf.TryGetValue(community, out var host) ? host.GetDiscovered() : null;
            }

            var sampler = new StatusSampler(overlays, () => launcher.Tracker, TimeProvider.System);
            await new StatusLoop(overlays, sampler, reportWriter, Console.Out).RunAsync(mode, () => AnsiConsole.Console, stop.Token);
            return 0;
        }
        catch (ConfigurationException exception)
        {
            return ModelLoading.Report(exception);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // SIGTERM, Ctrl-C or --duration while still starting: a stop like any other (what started is drained below).
            return 0;
        }
        catch (Exception exception) when (exception is OverlayLaunchException or IOException or System.Net.Sockets.SocketException or System.Net.HttpListenerException or InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"launcher: {exception.Message}");
            return 1;
        }
        finally
        {
            // The host stops its services in reverse order (API, then the overlays: unloaded in reverse launch order, peer
            // caches written), waiting at most HostOptions:ShutdownTimeout, before the container disposes the logger factory.
            await StopAsync(host, shutdownTimeout);
        }
    }

    /// <summary>
    /// Stops the host (bounded by its shutdown timeout) and disposes its services, waiting for that at most
    /// <paramref name="shutdownTimeout"/> more: a drain that outlives the bound does not keep the process alive.
    /// </summary>
    private static async Task StopAsync(IHost host, TimeSpan shutdownTimeout)
    {
        await host.StopAsync(CancellationToken.None);
        var disposing = DisposeAsync(host);
        try
        {
            await disposing.WaitAsync(shutdownTimeout);
        }
        catch (TimeoutException)
        {
            await Console.Error.WriteLineAsync("launcher: the overlays did not finish draining within HostOptions:ShutdownTimeout; exiting anyway");
        }
    }

    private static async Task DisposeAsync(IHost host)
    {
        if (host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }
    }

    /// <summary>
    /// The start-up marker, one stdout line as soon as the first host is serving (its socket bound and its overlays
    /// launched, before further instances start; <see cref="IOverlayLauncherService.HostStarted"/> of instance 0):
    /// <c>launcher: listening OVERLAY on IP:PORT</c>. The start-up benchmark and the end-to-end tests wait for it; nothing is
    /// printed when every overlay is disabled.
    /// </summary>
    private static void PrintListening(OverlayHost host)
    {
        if (host.Overlays.Count > 0 && host.Endpoint is { } endpoint)
        {
            Console.WriteLine($"launcher: listening {host.Overlays[0].Name} on {endpoint.LocalAddress}");
        }
    }

    private static LogLevel ParseLevel(string level) => level.ToUpperInvariant() switch
    {
        "CRITICAL" => LogLevel.Critical,
        "ERROR" => LogLevel.Error,
        "WARNING" => LogLevel.Warning,
        "DEBUG" or "NOTSET" => LogLevel.Debug,
        _ => LogLevel.Information,
    };
}
