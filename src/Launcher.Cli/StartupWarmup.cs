using System.Net;
using System.Net.Sockets;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Launcher.Configuration;
using Launchers.Builtin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Launcher.Cli;

/// <summary>
/// Start-up work of <c>run</c> that does not depend on the configuration, on a background thread started as <c>Main</c>
/// begins (for <c>run</c>), while the main thread parses the command line, builds the host and the model. The thread
/// builds the configuration schema's validator (JsonSchema.Net builds every draft's meta-schema on first use: the largest
/// single start-up cost), which the model needs last (<see cref="DeferredSchemaValidation"/>), then compiles what the
/// first host's launch runs after that: a throw-away key, a UDP socket bound to loopback port 0 and closed, and an overlay
/// constructed on an endpoint that sends nothing and unloaded at once. Only the JIT's work and one-time initialisation are
/// shared with the main thread; nothing is read, written or sent, and nothing here changes what <c>run</c> does or
/// prints. The console logger factory is made by the main thread (<see cref="GetLoggers"/>), when the host first needs it.
/// Measured in docs/benchmarks.md ("Start-up").
/// </summary>
internal sealed class StartupWarmup
{
    private readonly Lazy<ILoggerFactory> _loggers;
    private volatile IConfiguration? _logging;
    private volatile int _minimumLevel = (int)LogLevel.Information;

    private StartupWarmup() => _loggers = new(CreateLoggers, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Starts the warm-up on a background thread (not a pool thread: the host's start needs those).</summary>
    /// <returns>The running warm-up.</returns>
    public static StartupWarmup Start()
    {
        var warmup = new StartupWarmup();
        new Thread(Warm) { IsBackground = true, Name = "launcher start-up warm-up" }.Start();
        return warmup;
    }

    /// <summary>Makes a warm-up without starting its thread (tests).</summary>
    internal static StartupWarmup CreateIdle() => new();

    /// <summary>
    /// Hands over the host's <c>Logging</c> configuration section (appsettings.json, environment variables): the logger
    /// factory is made with it. Its rules win over <see cref="SetMinimumLevel"/> where they apply. Call it before
    /// <see cref="GetLoggers"/>.
    /// </summary>
    public void SetLoggingConfiguration(IConfiguration logging) => _logging = logging;

    /// <summary>
    /// Filters the logger factory's output below <paramref name="level"/> from now on (before: Information), for every
    /// category the <c>Logging</c> configuration gives no level for.
    /// </summary>
    public void SetMinimumLevel(LogLevel level) => _minimumLevel = (int)level;

    /// <summary>
    /// Returns the console logger factory, made on the calling thread the first time (the same instance afterwards);
    /// the caller disposes it.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="SetLoggingConfiguration"/> was not called first.</exception>
    public ILoggerFactory GetLoggers() => _loggers.Value;

    /// <summary>
    /// What the background thread compiles after the schema, ahead of the first host's launch: a key, a loopback socket
    /// (bound to port 0, closed) and an overlay's construction. The overlay is a <see cref="GenericOverlay"/> on a
    /// <see cref="SilentEndpoint"/> with meters of its own (no listener of the host's meters sees them), unloaded before
    /// returning. Throws what they throw (<see cref="Warm"/> swallows it: only a warm-up).
    /// </summary>
    internal static void WarmFirstLaunch()
    {
        var keyFactory = new KeyFactory();
        var key = keyFactory.Generate(KeyFactory.Curve25519);
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp))
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        }

        // Meters of its own (disposed here), shared per name as the launcher's are: no listener of the host's meters sees them.
        using var meters = new InstrumentSharingMeterFactory();
        var overlay = new GenericOverlay(new CommunitySettings
        {
            CommunityId = new byte[CommunityPrefix.CommunityIdLength],
            MyPeer = new MyPeer(key),
            KeyFactory = keyFactory,
            Endpoint = new SilentEndpoint(),
            Network = new Network(),
            MeterFactory = meters,
        });
        overlay.UnloadAsync().AsTask().GetAwaiter().GetResult();
    }

    private ILoggerFactory CreateLoggers()
    {
        var logging = _logging ?? throw new InvalidOperationException("the logging configuration is not set yet");
        return LoggerFactory.Create(b => b
            .AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(LogLevel.Trace)
            // Before the configuration's rules: with the same specificity the later rule wins, so a Logging:LogLevel
            // entry overrides the file's logger level and the default below.
            .AddFilter((_, _, level) => (int)level >= _minimumLevel)
            // The launcher reports a failed start itself (one line, exit code); the host's own report would repeat it with a stack trace.
            .AddFilter(RunHost.HostCategory, LogLevel.None)
            .AddConfiguration(logging));
    }

    /// <summary>The schema first (the model needs it before the first host starts), then the first launch's code.</summary>
    private static void Warm()
    {
        try
        {
            ConfigurationLoader.PrepareSchema();
            WarmFirstLaunch();
        }
#pragma warning disable CA1031 // Only a warm-up (on a thread of its own, where an exception would end the process): the main thread reports every real problem when it does the same work.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
