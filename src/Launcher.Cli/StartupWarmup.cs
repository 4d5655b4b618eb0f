using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Launcher.Catalog;
using Launcher.Configuration;
using Launchers.Builtin;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Launcher.Cli;

/// <summary>
/// Start-up work of <c>run</c>, on a background thread started as <c>Main</c> begins (for <c>run</c>), while the main
/// thread parses the command line, builds the host and then the model. In the order the main thread needs it: the
/// host's configuration (appsettings.json, environment variables) and the console logger factory made from its
/// <c>Logging</c> section (both taken by the main thread itself, <see cref="GetHostConfiguration"/> and
/// <see cref="GetLoggers"/>); then, compiled only, the component catalog scan of the core assemblies and the parsing and
/// binding of a built-in sample file (no schema); the configuration schema's validator (JsonSchema.Net builds every
/// draft's meta-schema on first use), which the model needs last (<see cref="DeferredSchemaValidation"/>); and the first
/// launch (a key, a loopback socket bound to port 0 and closed, an overlay on a <see cref="SilentEndpoint"/>). Whatever
/// the main thread reaches first it does itself (the configuration, loggers and schema are made once, by whichever thread
/// comes first); the compiled-only parts share nothing but the JIT's work and one-time initialisation with it. Nothing is
/// written or sent, and nothing here changes what <c>run</c> does or prints. Measured in docs/benchmarks.md ("Start-up").
/// </summary>
internal sealed class StartupWarmup
{
    /// <summary>A small file in the shape of the repository's overlays.yaml, parsed and bound (never validated, never run) to compile that path.</summary>
    private const string ParsingSample = """
        instances: 1
        interfaces:
          - {interface: UDPIPv4, ip: 127.0.0.1, port: 0}
        keys:
          - {alias: warm-up, generation: curve25519, ephemeral: true}
        logger: {level: WARNING}
        walker_interval: 0.5
        tracker: {address: 127.0.0.1, port: 0}
        overlays:
          - name: WarmUp
            class: GenericOverlay
            community_id: 5761726d2d7570207761726d2d7570207761726d
            key: warm-up
            walkers:
              - strategy: RandomWalk
                peers: 20
                init: {timeout: 3.0}
            bootstrappers:
              - class: DispersyBootstrapper
            initialize: {max_peers: 30}
        """;

    private readonly Lazy<(ConfigurationManager Configuration, string Environment)> _hostConfiguration;
    private readonly Lazy<ILoggerFactory> _loggers;
    private volatile int _minimumLevel = (int)LogLevel.Information;

    private StartupWarmup(string directory)
    {
        _hostConfiguration = new(() => RunHost.LoadConfiguration(directory), LazyThreadSafetyMode.ExecutionAndPublication);
        _loggers = new(CreateLoggers, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Starts the warm-up on a background thread (not a pool thread: the host's start needs those).</summary>
    /// <param name="directory">Where appsettings.json is looked for (the working directory).</param>
    /// <returns>The running warm-up.</returns>
    public static StartupWarmup Start(string directory)
    {
        var warmup = new StartupWarmup(directory);
        new Thread(warmup.Warm) { IsBackground = true, Name = "launcher start-up warm-up" }.Start();
        return warmup;
    }

    /// <summary>Makes a warm-up without starting its thread (tests).</summary>
    internal static StartupWarmup CreateIdle(string directory) => new(directory);

    /// <summary>
    /// The host's configuration and environment name (<see cref="RunHost.LoadConfiguration"/> on the directory given at
    /// start), loaded once by whichever thread asks first; every caller gets the same instance, or the same exception.
    /// </summary>
    /// <exception cref="InvalidDataException">An appsettings file is not valid JSON (the message names it).</exception>
    public (ConfigurationManager Configuration, string Environment) GetHostConfiguration() => _hostConfiguration.Value;

    /// <summary>
    /// Filters the logger factory's output below <paramref name="level"/> from now on (before: Information), for every
    /// category the <c>Logging</c> configuration gives no level for.
    /// </summary>
    public void SetMinimumLevel(LogLevel level) => _minimumLevel = (int)level;

    /// <summary>
    /// Returns the console logger factory, made from the host configuration's <c>Logging</c> section (whose rules win over
    /// <see cref="SetMinimumLevel"/> where they apply) by whichever thread asks first (the same instance afterwards); the
    /// caller disposes it.
    /// </summary>
    /// <exception cref="InvalidDataException">The host configuration could not be loaded (see <see cref="GetHostConfiguration"/>).</exception>
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

        using var meters = new WarmupMeterFactory();
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
        var logging = GetHostConfiguration().Configuration.GetSection("Logging");
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

    /// <summary>
    /// Compiles the component catalog scan of the core assemblies (as <c>run</c> scans them, pipe handlers included) and
    /// the parsing, override layering, binding and checks of <see cref="ParsingSample"/> (its schema validation deferred
    /// and never run). Results are thrown away; nothing is read or written. Throws what they throw.
    /// </summary>
    internal static void WarmCatalogAndParsing()
    {
        _ = new ComponentCatalogBuilder().AddAssemblies(ModelLoading.CoreAssemblies).Build(new ErrorList());
        var errors = new ErrorList();
        _ = new ConfigurationLoader().LoadPartial("warm-up.yaml", Encoding.UTF8.GetBytes(ParsingSample), errors, new DeferredSchemaValidation());
    }

    /// <summary>
    /// The parts in the order the main thread needs them: the configuration and loggers (the host), the catalog and
    /// parsing (the model), the schema (the model's last step), the first launch.
    /// </summary>
    private void Warm()
    {
        Try(() => GetLoggers());
        Try(WarmCatalogAndParsing);
        Try(ConfigurationLoader.PrepareSchema);
        Try(WarmFirstLaunch);
    }

    private static void Try(Action part)
    {
        try
        {
            part();
        }
#pragma warning disable CA1031 // Only a warm-up (on a thread of its own, where an exception would end the process): the main thread reports every real problem when it does the same work.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }

    /// <summary>Meters for the warm-up overlay alone, disposed with it.</summary>
    private sealed class WarmupMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            lock (_meters)
            {
                _meters.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            lock (_meters)
            {
                _meters.ForEach(m => m.Dispose());
                _meters.Clear();
            }
        }
    }
}
