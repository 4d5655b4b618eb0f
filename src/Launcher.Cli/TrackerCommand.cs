using System.CommandLine;
using System.Net;
using Ipv8.Tracker;
using Microsoft.Extensions.Logging;

namespace Launcher.Cli;

/// <summary><c>launcher tracker --listen-port PORT</c>: the bootstrap server (py-ipv8's tracker_plugin.py).</summary>
internal static class TrackerCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--listen-port") { Description = "UDP port to listen on.", DefaultValueFactory = _ => TrackerHostOptions.DefaultListenPort };
        var address = new Option<string>("--listen-address") { Description = "Address to bind (default all interfaces; use 127.0.0.1 for local tests).", DefaultValueFactory = _ => "0.0.0.0" };
        var duration = CliOptions.Duration();
        var command = new Command("tracker", "Run a tracker (bootstrap server) until Ctrl-C or --duration.") { port, address, duration };
        command.SetAction(async (result, cancellationToken) =>
        {
            if (!IPAddress.TryParse(result.GetValue(address), out var listen))
            {
                Console.Error.WriteLine($"--listen-address: '{result.GetValue(address)}' is not an IP address");
                return 2;
            }

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

            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
            var options = new TrackerHostOptions { ListenAddress = listen, ListenPort = result.GetValue(port), Duration = stopAfter };
            var host = new TrackerHost(loggerFactory: loggers);
            await host.RunAsync(options, tracker => Console.WriteLine($"tracker listening on {tracker.Endpoint.LocalAddress}"), cancellationToken);
            return 0;
        });
        return command;
    }
}
