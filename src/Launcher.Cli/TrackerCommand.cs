using System.CommandLine;
using System.Net;
using Ipv8.Tracker;
using Launcher.Configuration;
using Launcher.Hosting;
using Microsoft.Extensions.Logging;

namespace Launcher.Cli;

/// <summary>
/// <c>launcher tracker --listen-port PORT [--config FILE]</c>: the bootstrap server (py-ipv8's tracker_plugin.py). With
/// <c>--config</c>, the <c>tracker:</c> section of FILE (an ordinary configuration file, validated like any other) sets
/// the limits and, unless the flags are given, the listen address and port.
/// </summary>
internal static class TrackerCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--listen-port") { Description = "UDP port to listen on.", DefaultValueFactory = _ => TrackerHostOptions.DefaultListenPort };
        var address = new Option<string>("--listen-address") { Description = "Address to bind (default all interfaces; use 127.0.0.1 for local tests).", DefaultValueFactory = _ => "0.0.0.0" };
        var config = new Option<string?>("--config") { Description = "Configuration file whose tracker section (address, port, limits) to use; the flags above win." };
        var duration = CliOptions.Duration();
        var command = new Command("tracker", "Run a tracker (bootstrap server) until Ctrl-C or --duration.") { port, address, config, duration };
        command.SetAction(async (result, cancellationToken) =>
        {
            TimeSpan? stopAfter;
            try
            {
                stopAfter = CliOptions.ParseDuration(result.GetValue(duration));
            }
            catch (FormatException exception)
            {
                Console.Error.WriteLine($"--duration: {exception.Message}");
                return 2;
            }

            TrackerHostOptions options;
            try
            {
                options = (result.GetValue(config) is { } file ? FromFile(file) : new TrackerHostOptions()) with { Duration = stopAfter };
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

            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
            var host = new TrackerHost(loggerFactory: loggers);
            await host.RunAsync(options, tracker => Console.WriteLine($"tracker listening on {tracker.Endpoint.LocalAddress}"), cancellationToken);
            return 0;
        });
        return command;
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
