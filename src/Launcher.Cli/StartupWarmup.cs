using System.Net;
using System.Net.Sockets;
using Ipv8.Keys;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Launcher.Cli;

/// <summary>
/// Start-up work of <c>run</c> that does not depend on the configuration, done on a pool thread started as <c>Main</c>
/// begins (for <c>run</c>), while the main thread parses the command line and loads and validates the model: compiles
/// the configuration schema's validator (JsonSchema.Net) and the component catalog scan (<see cref="ModelWarmup"/>), builds the console logger factory (its level is applied later, see
/// <see cref="SetMinimumLevel"/>), and makes a throw-away key and UDP socket so the key factory (NSec's libsodium loaded) and the
/// socket code are compiled when the first overlay host starts. Only the JIT's work is shared with the main thread;
/// nothing here changes what <c>run</c> does. With a free second core the JIT build reaches the first listening overlay
/// much sooner (≈ 245 ms instead of ≈ 370 ms without any overlap); without one it only adds the throw-away work.
/// Measured in docs/benchmarks.md ("Start-up").
/// </summary>
internal sealed class StartupWarmup
{
    private readonly TaskCompletionSource<ILoggerFactory> _loggers = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<IConfiguration> _logging = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile int _minimumLevel = (int)LogLevel.Information;

    private StartupWarmup() => _ = Task.Run(Warm);

    /// <summary>Starts the warm-up on a pool thread.</summary>
    /// <returns>The running warm-up.</returns>
    public static StartupWarmup Start() => new();

    /// <summary>
    /// Hands over the host's <c>Logging</c> configuration section (appsettings.json, environment variables): the logger
    /// factory is made with it once given. Its rules win over <see cref="SetMinimumLevel"/> where they apply.
    /// </summary>
    public void SetLoggingConfiguration(IConfiguration logging) => _logging.TrySetResult(logging);

    /// <summary>
    /// Filters the logger factory's output below <paramref name="level"/> from now on (before: Information), for every
    /// category the <c>Logging</c> configuration gives no level for.
    /// </summary>
    public void SetMinimumLevel(LogLevel level) => _minimumLevel = (int)level;

    /// <summary>Waits for the warm-up to make the logger factory and returns it; the caller disposes it.</summary>
    public ILoggerFactory GetLoggers() => _loggers.Task.GetAwaiter().GetResult();

    /// <summary>
    /// Roughly in the order the main thread needs the results: the schema validator (validation comes right after
    /// the YAML is parsed), loggers, catalog, key and socket.
    /// </summary>
    private void Warm()
    {
        ModelWarmup.WarmSchema();
        try
        {
            // Waits for the main thread to read appsettings.json (it does so while this thread compiled the schema).
            var logging = _logging.Task.GetAwaiter().GetResult();
            _loggers.SetResult(LoggerFactory.Create(b => b
                .AddSimpleConsole(o => o.SingleLine = true)
                .SetMinimumLevel(LogLevel.Trace)
                // Before the configuration's rules: with the same specificity the later rule wins, so a Logging:LogLevel
                // entry overrides the file's logger level and the default below.
                .AddFilter((_, _, level) => (int)level >= _minimumLevel)
                // The launcher reports a failed start itself (one line, exit code); the host's own report would repeat it with a stack trace.
                .AddFilter(RunHost.HostCategory, LogLevel.None)
                .AddConfiguration(logging)));
        }
#pragma warning disable CA1031 // Handed to the main thread, which throws it from GetLoggers.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            _loggers.SetException(exception);
            return;
        }

        ModelWarmup.WarmCatalog(ModelLoading.CoreAssemblies);
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
    }
}
