using System.Reflection;
using Ipv8.Communities;
using Launcher.Configuration;
using Launcher.Launching;
using Launchers.Builtin;

namespace Launcher.Cli;

/// <summary>Builds the launcher model (configuration + catalog + plan) the way every command sees it.</summary>
internal static class ModelLoading
{
    /// <summary>The assemblies every command scans: the core runtime (Ipv8) and the built-in launchers.</summary>
    public static Assembly[] CoreAssemblies => [typeof(Community).Assembly, typeof(GenericOverlay).Assembly];

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

    /// <summary>Prints a configuration failure and returns the exit code for it.</summary>
    public static int Report(ConfigurationException exception)
    {
        Console.Error.WriteLine(exception.Message);
        return 2;
    }
}
