using System.Reflection;
using Ipv8.Communities;
using Launcher.Configuration;
using Launcher.Definitions;
using Launcher.Hosting;
using Launcher.Launching;
using Launchers.Builtin;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Cli;

/// <summary>Builds the launcher model (configuration + catalog + plan) the way every command sees it.</summary>
internal static class ModelLoading
{
    /// <summary>The assemblies every command scans: the core runtime (Ipv8) and the built-in launchers.</summary>
    public static Assembly[] CoreAssemblies => [typeof(Community).Assembly, typeof(GenericOverlay).Assembly];

    /// <summary>The manifest name of the embedded default configuration.</summary>
    private const string BuiltInDefaultResource = "Launcher.Cli.overlays.yaml";

    /// <summary>Loads, validates and plans <paramref name="file"/>; configuration errors come out together.</summary>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    public static LauncherModel Load(string? file, string? pluginsDirectory)
    {
        var builder = new LauncherModelBuilder()
            .AddAssemblies(CoreAssemblies)
            .UsePluginsDirectory(pluginsDirectory);
        if (file is not null)
        {
            builder.AddFile(file);
        }

        return builder.Build();
    }

    /// <summary>
    /// What <c>validate</c> and <c>plan</c> load: <see cref="Load"/>, then the check phase <c>run</c> goes through before it
    /// opens anything (<see cref="OverlayHost.Check"/>: every <c>init</c>/<c>initialize</c> bound, <c>on_start</c> calls and
    /// launchers resolved, keys loaded in memory), so the three commands accept and refuse the same files alike.
    /// </summary>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    public static LauncherModel LoadChecked(string file, string? pluginsDirectory)
    {
        var model = Load(file, pluginsDirectory);
        using var services = CreateServices(NullLoggerFactory.Instance);
        using var host = CreateHost(model.Configuration, model, file, services, NullLoggerFactory.Instance);
        host.Check(model.Plan.Order);
        return model;
    }

    /// <summary>The services <c>run</c> offers launchers, overlays and components: the logger factory alone.</summary>
    public static ServiceProvider CreateServices(ILoggerFactory loggers) => new ServiceCollection().AddSingleton(loggers).BuildServiceProvider();

    /// <summary>One host for <paramref name="configuration"/> as <c>run</c> makes it: real sockets, key files beside <paramref name="file"/>.</summary>
    public static OverlayHost CreateHost(LauncherConfiguration configuration, LauncherModel model, string? file, IServiceProvider services, ILoggerFactory loggers)
    {
        var baseDirectory = file is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".";
        return new OverlayHost(configuration, model.Catalog, services, new OverlayHostOptions { LoggerFactory = loggers, BaseDirectory = baseDirectory });
    }

    /// <summary>
    /// Loads, validates and plans the built-in default configuration (the repository's <c>overlays.yaml</c>, embedded in
    /// this assembly): what <c>run</c> uses when no file is given and the working directory has no overlays.yaml.
    /// Plugins default to <c>plugins/</c> in the working directory; <c>LAUNCHER__</c> environment overrides apply.
    /// </summary>
    /// <exception cref="ConfigurationException">The configuration is invalid (an environment override, or a plugin).</exception>
    public static LauncherModel LoadBuiltInDefault(string? pluginsDirectory)
    {
        using var stream = typeof(ModelLoading).Assembly.GetManifestResourceStream(BuiltInDefaultResource)
            ?? throw new InvalidOperationException($"embedded resource {BuiltInDefaultResource} is missing");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var errors = new ErrorList();
        var configuration = new ConfigurationLoader().TryLoad(CliOptions.DefaultFile, buffer.ToArray(), errors);
        errors.ThrowIfAny();
        return new LauncherModelBuilder()
            .AddAssemblies(CoreAssemblies)
            .UsePluginsDirectory(pluginsDirectory)
            .AddConfiguration(configuration!)
            .Build();
    }

    /// <summary>Prints a configuration failure and returns the exit code for it.</summary>
    public static int Report(ConfigurationException exception)
    {
        Console.Error.WriteLine(exception.Message);
        return 2;
    }
}
