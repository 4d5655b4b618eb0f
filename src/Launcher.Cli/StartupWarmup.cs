using System.Net;
using System.Net.Sockets;
using Ipv8.Keys;
using Launcher.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Launcher.Cli;

/// <summary>
/// Start-up work of <c>run</c> that does not depend on the configuration, split between a background thread started as
/// <c>Main</c> begins (for <c>run</c>) and the main thread's idle time. The background thread first builds the
/// configuration schema's validator (JsonSchema.Net builds every draft's meta-schema on first use: the largest single
/// start-up cost); meanwhile the main thread parses the command line, reads appsettings.json, builds the host and makes
/// the console logger factory itself (<see cref="GetLoggers"/>: it no longer waits for the schema). Before the main thread
/// loads the model, which needs the schema, <see cref="WhileSchemaBuilds"/> lets it compile what comes after the schema
/// (the component catalog scan, the YAML parser, binder and model building on a built-in sample, a throw-away key and UDP
/// socket) instead of waiting. Each of
/// those parts is done once, by whichever thread claims it first (the background thread takes what is left once the
/// schema is built). Only the JIT's work and one-time initialisation are shared with the main thread; results are
/// thrown away, nothing is opened, read or written, and nothing here changes what <c>run</c> does or prints.
/// Measured in docs/benchmarks.md ("Start-up").
/// </summary>
internal sealed class StartupWarmup
{
    private readonly Lazy<ILoggerFactory> _loggers;
    private readonly WarmupPart[] _parts;
    private volatile IConfiguration? _logging;
    private volatile int _minimumLevel = (int)LogLevel.Information;

    private StartupWarmup()
    {
        _loggers = new(CreateLoggers, LazyThreadSafetyMode.ExecutionAndPublication);
        // In the order the main thread needs them once the schema is there: the catalog, then the parser, binder and the
        // rest of model building (on a sample), then key and socket (the first host's start).
        _parts =
        [
            new(() => ModelWarmup.WarmCatalog(ModelLoading.CoreAssemblies)),
            new(ModelWarmup.WarmParsingAndModel),
            new(WarmKeyAndSocket),
        ];
    }

    /// <summary>The number of parts a thread has claimed so far (tests; at most 3).</summary>
    internal int ClaimedParts => _parts.Count(p => p.Claimed);

    /// <summary>Starts the warm-up on a background thread (not a pool thread: the host's start needs those).</summary>
    /// <returns>The running warm-up.</returns>
    public static StartupWarmup Start()
    {
        var warmup = new StartupWarmup();
        new Thread(warmup.Warm) { IsBackground = true, Name = "launcher start-up warm-up" }.Start();
        return warmup;
    }

    /// <summary>Makes a warm-up without starting its thread (tests drive <see cref="WhileSchemaBuilds"/> themselves).</summary>
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
    /// On the calling thread, compiles the parts of the start-up path no thread has claimed yet, one after the other, as
    /// long as the configuration schema is still being built (<see cref="ConfigurationLoader.IsSchemaPrepared"/>): time
    /// the caller would otherwise spend waiting for it. Returns as soon as the schema is ready or nothing is left. Never
    /// throws: a failing part is only a warm-up; the real work reports the real problem.
    /// </summary>
    public void WhileSchemaBuilds()
    {
        foreach (var part in _parts)
        {
            if (ConfigurationLoader.IsSchemaPrepared)
            {
                return;
            }

            part.TryRun();
        }
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

    /// <summary>The schema first (the main thread cannot load the model without it), then whatever the main thread left.</summary>
    private void Warm()
    {
        ModelWarmup.WarmSchema();
        foreach (var part in _parts)
        {
            part.TryRun();
        }
    }

    private static void WarmKeyAndSocket()
    {
        _ = new KeyFactory().Generate(KeyFactory.Curve25519);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    /// <summary>One part of the warm-up, run by the first thread that claims it.</summary>
    private sealed class WarmupPart(Action work)
    {
        private int _claimed;

        public bool Claimed => Volatile.Read(ref _claimed) != 0;

        public void TryRun()
        {
            if (Interlocked.Exchange(ref _claimed, 1) != 0)
            {
                return;
            }

            try
            {
                work();
            }
#pragma warning disable CA1031 // Only a warm-up (on a thread of its own, where an exception would end the process): the real work reports the real problem.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }
}
