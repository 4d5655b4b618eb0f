using System.CommandLine;
using System.Net;
using Ipv8.Tracker;
using Launcher.Configuration;
using Launcher.Hosting;
using Microsoft.Extensions.Logging;

namespace Launcher.Cli;

/// <summary>
/// <c>launcher tracker --listen-port PORT [--config FILE] [--report FILE] [--status-interval DURATION]</c>: the bootstrap
/// server (py-ipv8's tracker_plugin.py). With <c>--config</c>, the <c>tracker:</c> section of FILE (an ordinary
/// configuration file, validated like any other) sets the limits and, unless the flags are given, the listen address and
/// port. <c>--report</c> writes one JSON line per second with the tracker's counters (<see cref="TrackerReportWriter"/>);
/// the log carries the same counters in a status line every <c>--status-interval</c> (default 60 s) and at the stop.
/// </summary>
internal static class TrackerCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--listen-port") { Description = "UDP port to listen on.", DefaultValueFactory = _ => TrackerHostOptions.DefaultListenPort };
        var address = new Option<string>("--listen-address") { Description = "Address to bind (default all interfaces; use 127.0.0.1 for local tests).", DefaultValueFactory = _ => "0.0.0.0" };
        var config = new Option<string?>("--config") { Description = "Configuration file whose tracker section (address, port, limits) to use; the flags above win." };
        var duration = CliOptions.Duration();
        var report = new Option<string?>("--report") { Description = "Write JSON lines (one per second, with a counters object, like run --report) to this file." };
        var statusInterval = new Option<string?>("--status-interval") { Description = "How often to log a status line with the counters (e.g. 10s, 1m; default 60s)." };
        var command = new Command("tracker", "Run a tracker (bootstrap server) until Ctrl-C or --duration.") { port, address, config, duration, report, statusInterval };
        command.SetAction(async (result, cancellationToken) =>
        {
            TimeSpan? stopAfter;
            TimeSpan? status;
            try
            {
                stopAfter = CliOptions.ParseDuration(result.GetValue(duration));
            }
            catch (FormatException exception)
            {
                Console.Error.WriteLine($"--duration: {exception.Message}");
                return 2;
            }

            try
            {
                status = CliOptions.ParseDuration(result.GetValue(statusInterval)) ?? new TrackerHostOptions().StatusInterval;
            }
            catch (FormatException exception)
            {
                Console.Error.WriteLine($"--status-interval: {exception.Message}");
                return 2;
            }

            if (status <= TimeSpan.Zero)
            {
                Console.Error.WriteLine("--status-interval: must be positive");
                return 2;
            }

            TrackerHostOptions options;
            try
            {
                options = (result.GetValue(config) is { } file ? FromFile(file) : new TrackerHostOptions()) with { Duration = stopAfter, StatusInterval = status };
            }
            catch (ConfigurationException exception)
            {
                return ModelLoading.Report(exception);
            }

            if (result.GetValue(config) is null || result.GetResult(address) is { Implicit: false })
            {
                if (!IPAddress.TryParse(result.GetValue(address), out var listen))
                {
                    Console.Error.WriteLine($"--listen-address: '{result.GetValue(address)}' is not an IP address");
                    return 2;
                }

                options = options with { ListenAddress = listen };
            }

            if (result.GetValue(config) is null || result.GetResult(port) is { Implicit: false })
            {
                options = options with { ListenPort = result.GetValue(port) };
            }

            TrackerReportWriter? reportWriter;
            try
            {
                reportWriter = result.GetValue(report) is { } reportPath ? TrackerReportWriter.Create(reportPath, TimeProvider.System) : null;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"--report: {exception.Message}");
                return 2;
            }

            using (reportWriter)
            {
                using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
                using var stopReports = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var reports = Task.CompletedTask;
                var host = new TrackerHost(loggerFactory: loggers);
                await host.RunAsync(
                    options,
                    tracker =>
                    {
                        Console.WriteLine($"tracker listening on {tracker.Endpoint.LocalAddress}");
                        if (reportWriter is not null)
                        {
                            reports = WriteReportsAsync(reportWriter, tracker, stopReports.Token);
                        }
                    },
                    cancellationToken);
                await stopReports.CancelAsync();
                await reports;
            }

            return 0;
        });
        return command;
    }

    /// <summary>Writes a report line every second until <paramref name="cancellationToken"/> is cancelled, then a last one.</summary>
    private static async Task WriteReportsAsync(TrackerReportWriter writer, TrackerService tracker, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        writer.Write(tracker);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                writer.Write(tracker);
            }
        }
        catch (OperationCanceledException)
        {
            // The tracker stopped: a normal end.
        }

        writer.Write(tracker);
    }

    /// <summary>The tracker section of a configuration file; a file without one is an error.</summary>
    /// <exception cref="ConfigurationException">The file is invalid or has no tracker section.</exception>
    private static TrackerHostOptions FromFile(string file)
    {
        var tracker = new ConfigurationLoader().Load(file).Tracker
            ?? throw new ConfigurationException([new ConfigurationError(Definitions.Origin.InFile(file), "tracker", "no tracker section (expected tracker: { limits: {...} })")]);
        try
        {
            return tracker.ToHostOptions();
        }
        catch (FormatException exception)
        {
            throw new ConfigurationException([new ConfigurationError(tracker.Origin, "tracker.address", exception.Message)]);
        }
    }
}
