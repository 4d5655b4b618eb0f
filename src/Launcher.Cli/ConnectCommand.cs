using System.CommandLine;
using System.Text;
using System.Text.Json;
using Ipv8.Connectivity.Ladder;
using Launcher.Configuration;
using Launcher.Connectivity;
using Launcher.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Cli;

/// <summary>
/// <c>launcher connect FILE --to MID|IP:PORT --protocol echo --message TEXT [--timeout 30s] [--port N]</c>: starts the
/// file's overlays and its <c>connectivity:</c> node, finds the peer (by mid among the overlays' peers, or at the given
/// IPv8 UDP address), opens a pipe through the ladder, sends the message, waits for the reply and prints one JSON line:
/// <c>{"to", "method", "elapsed_ms", "reply", "attempts": [{"method", "result", "elapsed_ms"}]}</c> (<c>method</c> and
/// <c>reply</c> null when no pipe or no reply). Exit 0 on a reply, 1 otherwise, 2 for a bad file or option.
/// </summary>
internal static class ConnectCommand
{
    public static Command Create()
    {
        var file = CliOptions.File(optional: false);
        var plugins = CliOptions.Plugins();
        var to = new Option<string>("--to") { Description = "The peer: its mid (40 hex digits) or its IPv8 address IP:PORT.", Required = true };
        var protocol = new Option<string>("--protocol") { Description = "The pipe protocol to open (default echo).", DefaultValueFactory = _ => "echo" };
        var message = new Option<string>("--message") { Description = "The text to send.", Required = true };
        var timeout = new Option<string?>("--timeout") { Description = "Give up after this long (default 30s)." };
        var port = new Option<int?>("--port") { Description = "Override the port of every configured interface (0 = any free port)." };
        var command = new Command("connect", "Open a pipe to a peer through the connection ladder, send a message and print the reply as one JSON line.")
        {
            file, plugins, to, protocol, message, timeout, port,
        };
        command.SetAction((result, cancellationToken) => ConnectAsync(
            result.GetValue(file)!, result.GetValue(plugins), result.GetValue(to)!, result.GetValue(protocol)!, result.GetValue(message)!,
            result.GetValue(timeout), result.GetValue(port), Console.Out, cancellationToken));
        return command;
    }

    /// <summary>Runs the command; the JSON line goes to <paramref name="output"/>, reasons to standard error.</summary>
    public static async Task<int> ConnectAsync(string file, string? plugins, string to, string protocol, string message, string? timeoutText, int? port, TextWriter output, CancellationToken cancellationToken)
    {
        TimeSpan timeout;
        try
        {
            timeout = CliOptions.ParseDuration(timeoutText) ?? TimeSpan.FromSeconds(30);
        }
        catch (FormatException exception)
        {
            await Console.Error.WriteLineAsync($"--timeout: {exception.Message}");
            return 2;
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        await using var services = new ServiceCollection()
            .AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance)
            .AddSingleton(sp => new OverlayHostOptions
            {
                LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
                BaseDirectory = baseDirectory,
                EndpointFactory = port is { } p ? interfaces => sp.GetRequiredService<UdpEndpointFactory>().Create([.. interfaces.Select(i => i with { Port = p })]) : null,
            })
            .AddOverlayLauncher(builder => ModelLoading.Configure(builder, file, plugins))
            .AddOverlayConnectivity()
            .BuildServiceProvider();
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var begun = DateTimeOffset.UtcNow;
        var launcher = services.GetRequiredService<IOverlayLauncherService>();
        try
        {
            if (launcher.Model.Configuration.Connectivity is null)
            {
                await Console.Error.WriteLineAsync($"{file}: no connectivity: section (launcher connect needs one)");
                return 2;
            }

            var nodes = services.GetRequiredService<ConnectivityNodes>();
            await launcher.StartAsync(bounded.Token);
            var node = await nodes.GetNodeAsync(0, bounded.Token);
            var started = DateTimeOffset.UtcNow;
            // The search ends at the command's deadline with its own reason (TimeoutException) rather than a bare cancellation.
            var record = await node.FindPeerAsync(to, timeout - (DateTimeOffset.UtcNow - begun), cancellationToken);
            ConnectResult connected;
            try
            {
                connected = await node.Connector.ConnectAsync(record, protocol, bounded.Token);
            }
            catch (ConnectionFailedException failed)
            {
                await Console.Error.WriteLineAsync($"launcher connect: {failed.Message}");
                await output.WriteLineAsync(Line(record.Key.MidHex, null, DateTimeOffset.UtcNow - started, null, failed.Attempts));
                return 1;
            }

            await using var pipe = connected.Pipe;
            await pipe.SendAsync(Encoding.UTF8.GetBytes(message), bounded.Token);
            var reply = await pipe.ReceiveAsync(bounded.Token);
            var text = reply is null ? null : Encoding.UTF8.GetString(reply);
            await output.WriteLineAsync(Line(record.Key.MidHex, connected.Method, connected.Elapsed, text, connected.Attempts));
            return text is null ? 1 : 0;
        }
        catch (ConfigurationException exception)
        {
            return ModelLoading.Report(exception);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"launcher connect: no reply within {timeout.TotalSeconds:0.#} s");
            await output.WriteLineAsync(Line(null, null, timeout, null, []));
            return 1;
        }
        catch (Exception exception) when (exception is TimeoutException or FormatException or InvalidOperationException or OverlayLaunchException
            or IOException or System.Net.Sockets.SocketException or Ipv8.Connectivity.Pipes.PipeException)
        {
            await Console.Error.WriteLineAsync($"launcher connect: {exception.Message}");
            await output.WriteLineAsync(Line(null, null, TimeSpan.Zero, null, []));
            return 1;
        }
        finally
        {
            await launcher.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>The one JSON line of issue 11: to, method, elapsed_ms, reply, attempts (in this order).</summary>
    internal static string Line(string? to, string? method, TimeSpan elapsed, string? reply, IReadOnlyList<RungAttempt> attempts)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("to", to);
            json.WriteString("method", method);
            json.WriteNumber("elapsed_ms", (long)Math.Round(elapsed.TotalMilliseconds));
            json.WriteString("reply", reply);
            json.WriteStartArray("attempts");
            foreach (var attempt in attempts)
            {
                json.WriteStartObject();
                json.WriteString("method", attempt.Method);
                json.WriteString("result", attempt.Result);
                json.WriteNumber("elapsed_ms", (long)Math.Round(attempt.Elapsed.TotalMilliseconds));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
