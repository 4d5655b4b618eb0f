using System.Net;
using System.Net.Sockets;
using Ipv8.Keys;
using Microsoft.Extensions.Logging;

namespace Launcher.Cli;

/// <summary>
/// Start-up work of <c>run</c> that does not depend on the configuration, done on a pool thread while the main thread
/// loads and validates the model: builds the console logger factory (its level is applied later, see
/// <see cref="GetLoggers"/>), and makes a throw-away key and UDP socket so the key factory (libsodium loaded) and the
/// socket code are compiled when the first overlay host starts. With a free second core this takes about 70 ms off the
/// time to the first listening overlay of the JIT build; without one it only adds the throw-away work (≈ 10–50 ms of
/// CPU). Measured in docs/benchmarks.md ("Start-up").
/// </summary>
internal sealed class StartupWarmup
{
    private readonly Task<ILoggerFactory> _loggers;
    private volatile int _minimumLevel = (int)LogLevel.Information;

    private StartupWarmup() => _loggers = Task.Run(Warm);

    /// <summary>Starts the warm-up on a pool thread.</summary>
    public static StartupWarmup Start() => new();

    /// <summary>Waits for the warm-up and returns the logger factory, now filtering below <paramref name="level"/>.</summary>
    public ILoggerFactory GetLoggers(LogLevel level)
    {
        _minimumLevel = (int)level;
        return _loggers.GetAwaiter().GetResult();
    }

    private ILoggerFactory Warm()
    {
        var loggers = LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(LogLevel.Trace)
            .AddFilter((_, _, level) => (int)level >= _minimumLevel));
        try
        {
            _ = new KeyFactory().Generate(KeyFactory.Curve25519);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }
        catch (Exception exception) when (exception is SocketException or DllNotFoundException or InvalidOperationException)
        {
            // Only a warm-up: the host reports the real failure when it opens its own socket or makes its keys.
        }

        return loggers;
    }
}
