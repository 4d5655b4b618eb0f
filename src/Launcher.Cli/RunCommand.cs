using System.CommandLine;
using Ipv8.Tracker;
using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Hosting;
using Launcher.Launching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Launcher.Cli;

/// <summary>
/// <c>launcher run [FILE]</c>: validates, launches every overlay (and the configured tracker, if any), shows
/// a live table of overlays and peer counts, writes the <c>--report</c> JSON lines, and stops in reverse
/// launch order on Ctrl-C or after <c>--duration</c>.
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
        var quiet = new Option<bool>("--quiet") { Description = "Do not print the live table." };
        var command = new Command("run", "Run the overlays of a configuration file (default overlays.yaml).") { file, plugins, duration, port, report, quiet };
        command.SetAction((result, cancellationToken) => RunAsync(
            warmup ?? StartupWarmup.Start(),
            result.GetValue(file) ?? CliOptions.DefaultFile,
            result.GetValue(plugins),
            result.GetValue(duration),
            result.GetValue(port),
            result.GetValue(report),
            result.GetValue(quiet),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(StartupWarmup warmup, string file, string? plugins, string? durationText, int? port, string? reportPath, bool quiet, CancellationToken cancellationToken)
    {
        TimeSpan? duration;
        LauncherModel model;
        try
        {
            duration = CliOptions.ParseDuration(durationText);
            model = ModelLoading.Load(file, plugins);
        }
        catch (FormatException exception)
        {
            await Console.Error.WriteLineAsync($"--duration: {exception.Message}");
            return 2;
        }
        catch (ConfigurationException exception)
        {
            return ModelLoading.Report(exception);
        }

        var configuration = port is { } p
            ? model.Configuration with { Interfaces = EquatableArray.From(model.Configuration.Interfaces.Select(i => i with { Port = p })) }
            : model.Configuration;

        using var loggers = warmup.GetLoggers(ParseLevel(configuration.LogLevel));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (duration is { } d)
        {
            stop.CancelAfter(d);
        }

        var trackerTask = Task.CompletedTask;
        var services = new ServiceCollection().AddSingleton(loggers).BuildServiceProvider();
        var hosts = new List<OverlayHost>();
        using var reportWriter = reportPath is null ? null : OverlayReportWriter.Create(reportPath, TimeProvider.System);
        try
        {
            var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
            var instances = Math.Max(1, configuration.Instances);
            for (var i = 0; i < instances; i++)
            {
                var host = new OverlayHost(configuration, model.Catalog, services, new OverlayHostOptions { LoggerFactory = loggers, BaseDirectory = baseDirectory });
                hosts.Add(host);
                await host.StartAsync(model.Plan.Order, stop.Token);
                if (i == 0)
                {
                    PrintListening(host);
                    trackerTask = StartTracker(configuration.Tracker, loggers, stop.Token);
                }
            }

            await LiveLoopAsync(hosts, reportWriter, quiet, stop.Token);
            return 0;
        }
        catch (ConfigurationException exception)
        {
            return ModelLoading.Report(exception);
        }
        catch (Exception exception) when (exception is OverlayLaunchException or IOException or System.Net.Sockets.SocketException or InvalidOperationException or ArgumentException)
        {
            await Console.Error.WriteLineAsync($"launcher: {exception.Message}");
            return 1;
        }
        finally
        {
            for (var i = hosts.Count - 1; i >= 0; i--)
            {
                await hosts[i].StopAsync();
            }

            await stop.CancelAsync();
            await trackerTask;
        }
    }

    /// <summary>
    /// The start-up marker, one stdout line as soon as the first host is serving (its socket bound and its overlays
    /// launched, before further instances start): <c>launcher: listening OVERLAY on IP:PORT</c>. The start-up benchmark
    /// and the end-to-end tests wait for it; nothing is printed when every overlay is disabled.
    /// </summary>
    private static void PrintListening(OverlayHost host)
    {
        if (host.Overlays.Count > 0 && host.Endpoint is { } endpoint)
        {
            Console.WriteLine($"launcher: listening {host.Overlays[0].Name} on {endpoint.LocalAddress}");
        }
    }

    private static async Task LiveLoopAsync(List<OverlayHost> hosts, OverlayReportWriter? report, bool quiet, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        var overlays = hosts.SelectMany((h, index) => h.Overlays.Select(o => (Name: hosts.Count == 1 ? o.Name : $"{o.Name}#{index}", Overlay: o.Community))).ToList();
        do
        {
            report?.WriteAll(overlays);
            if (!quiet)
            {
                LiveTable.Print(overlays);
            }
        }
        while (await Wait(timer, cancellationToken));
    }

    private static async Task<bool> Wait(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static Task StartTracker(TrackerDefinition? tracker, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (tracker is null)
        {
            return Task.CompletedTask;
        }

        // Started once the first overlay host is listening, beside the further instances: its key generation (BouncyCastle,
        // compiled cold) and bind stay off the start-up path and do not compete with the first host for the two cores
        // (overlays bootstrap again at every walk step until they have peers, so a tracker a few ms late costs nothing).
        var options = tracker.ToHostOptions();
        return Task.Run(() => new TrackerHost(loggerFactory: loggers).RunAsync(options, t => Console.WriteLine($"tracker listening on {t.Endpoint.LocalAddress}"), cancellationToken), CancellationToken.None);
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
