using System.Text;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Tests.Support;

public static class TestFiles
{
    public static string Resource(string name) => Path.Combine(TestContext.CurrentContext.TestDirectory, "Resources", name);

    /// <summary>Loads configuration text without touching the disk (no environment overrides).</summary>
    public static LauncherConfiguration Load(string fileName, string text) =>
        LoadOrErrors(fileName, text, out var errors) ?? throw new ConfigurationException([.. errors.Errors]);

    public static LauncherConfiguration? LoadOrErrors(string fileName, string text, out ErrorList errors, ConfigurationLoadOptions? options = null)
    {
        errors = new ErrorList();
        var loader = new ConfigurationLoader(options ?? NoEnvironment);
        return loader.TryLoad(fileName, Encoding.UTF8.GetBytes(text), errors);
    }

    public static ConfigurationLoadOptions NoEnvironment { get; } = new() { Environment = new Dictionary<string, string>() };
}
