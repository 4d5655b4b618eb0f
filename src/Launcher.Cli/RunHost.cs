using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Launcher.Cli;

/// <summary>
/// The .NET side of <c>launcher run</c>'s generic host: its configuration, read as a .NET service's is, beside the
/// overlay file. Sources, later ones winning: environment variables prefixed <c>DOTNET_</c>, <c>appsettings.json</c> and
/// <c>appsettings.{Environment}.json</c> from the working directory (both optional; the environment is
/// <c>DOTNET_ENVIRONMENT</c>, default Production), environment variables prefixed <see cref="EnvironmentPrefix"/>
/// (<c>LAUNCHER_Logging__LogLevel__Default=Debug</c>). Used: the <c>Logging</c> section (levels per category, console
/// options) and <c>HostOptions:ShutdownTimeout</c> (how long a stop waits for the overlays to drain; default
/// <see cref="DefaultShutdownTimeout"/>). The overlays themselves still come from the overlay file.
/// </summary>
internal static class RunHost
{
    /// <summary>The prefix of the environment variables read into the host's configuration (the prefix is removed).</summary>
    public const string EnvironmentPrefix = "LAUNCHER_";

    /// <summary>The log category of the generic host itself, silenced by default (the launcher reports failures itself).</summary>
    public const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>The configuration key of the drain bound (a TimeSpan, e.g. <c>00:00:10</c>).</summary>
    public const string ShutdownTimeoutKey = "HostOptions:ShutdownTimeout";

    /// <summary>How long a stop (SIGTERM, Ctrl-C, <c>--duration</c>) waits for the overlays to drain, unless configured: 5 s.</summary>
    public static readonly TimeSpan DefaultShutdownTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Reads the host's configuration from <paramref name="directory"/> and the environment (see the class).</summary>
    /// <param name="directory">Where appsettings.json is looked for (the working directory).</param>
    /// <returns>The configuration and the environment name.</returns>
    /// <exception cref="InvalidDataException">An appsettings file is not valid JSON (the message names it).</exception>
    public static (ConfigurationManager Configuration, string Environment) LoadConfiguration(string directory)
    {
        var configuration = new ConfigurationManager();
        configuration.SetBasePath(directory);
        configuration.AddEnvironmentVariables("DOTNET_");
        var environment = configuration[HostDefaults.EnvironmentKey] is { Length: > 0 } named ? named : Environments.Production;
        configuration
            .AddJsonFile("appsettings.json", optional: true, reloadOnChange: false)
            .AddJsonFile($"appsettings.{environment}.json", optional: true, reloadOnChange: false)
            .AddEnvironmentVariables(EnvironmentPrefix);
        return (configuration, environment);
    }

    /// <summary>The drain bound: <see cref="ShutdownTimeoutKey"/>, else <see cref="DefaultShutdownTimeout"/>.</summary>
    /// <exception cref="FormatException">The value is not a non-negative TimeSpan (<c>hh:mm:ss</c>).</exception>
    public static TimeSpan ShutdownTimeout(IConfiguration configuration)
    {
        if (configuration[ShutdownTimeoutKey] is not { } text)
        {
            return DefaultShutdownTimeout;
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout) && timeout >= TimeSpan.Zero
            ? timeout
            : throw new FormatException($"{ShutdownTimeoutKey}: '{text}' is not a duration such as 00:00:10");
    }

    /// <summary>Makes the host builder over <paramref name="configuration"/>: no default services beyond the host's own (start-up cost), signals handled by the console lifetime without its status lines.</summary>
    public static HostApplicationBuilder CreateBuilder(ConfigurationManager configuration, string environment, string directory, TimeSpan shutdownTimeout)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            Configuration = configuration,
            EnvironmentName = environment,
            ContentRootPath = directory,
            ApplicationName = "launcher",
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout);
        // SIGTERM, SIGINT (Ctrl-C) and SIGQUIT stop the host; its "Application started" lines would change run's output.
        builder.Services.Configure<Microsoft.Extensions.Hosting.ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        return builder;
    }
}
