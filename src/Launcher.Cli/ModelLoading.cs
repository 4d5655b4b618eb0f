using Ipv8.Communities;
using Launcher.Configuration;
using Launcher.Launching;
using Launchers.Builtin;

namespace Launcher.Cli;

/// <summary>Builds the launcher model (configuration + catalog + plan) the way every command sees it.</summary>
internal static class ModelLoading
{
    /// <summary>Loads, validates and plans <paramref name="file"/>; configuration errors come out together.</summary>
    /// <remarks>Launch conditions and launchers' <c>ShouldLaunch</c> are created from <paramref name="services"/> (none when null).</remarks>
    /// <exception cref="ConfigurationException">The configuration is invalid.</exception>
    public static LauncherModel Load(string? file, string? pluginsDirectory, IServiceProvider? services = null)
    {
        var builder = new LauncherModelBuilder()
            .AddAssemblies(typeof(Community).Assembly, typeof(GenericOverlay).Assembly)
            .UsePluginsDirectory(pluginsDirectory)
            .UseServices(services);
        if (file is not null)
        {
            builder.AddFile(file);
        }

        return builder.Build();
    }

    /// <summary>Prints a configuration failure and returns the exit code for it.</summary>
    public static int Report(ConfigurationException exception)
    {
        Console.Error.WriteLine(exception.Message);
        return 2;
    }
}
