using Launcher.Configuration;
using Launcher.Connectivity;
using Launcher.Launching;
using Microsoft.Extensions.Configuration;

namespace Launcher.Cli.Tests;

/// <summary>
/// <c>run</c>'s start-up warm-up: the logger factory is made by the thread that asks for it (it no longer waits for the
/// schema), the main thread compiles only while the schema is being built, and the built-in sample it compiles with
/// goes through the whole model building (an error would cut the warm-up short without anyone noticing).
/// </summary>
[TestFixture]
public sealed class StartupWarmupTests
{
    [Test]
    public void GetLoggers_LoggingConfigurationNotSet_Throws()
    {
        var warmup = StartupWarmup.CreateIdle();

        Assert.That(warmup.GetLoggers, Throws.InvalidOperationException);
    }

    [Test]
    public void GetLoggers_CalledTwice_OneFactoryMadeOnTheCallingThread()
    {
        var warmup = StartupWarmup.CreateIdle();
        warmup.SetLoggingConfiguration(new ConfigurationBuilder().Build());

        using var first = warmup.GetLoggers();
        var second = warmup.GetLoggers();

        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void WhileSchemaBuilds_SchemaAlreadyBuilt_ClaimsNothing()
    {
        ConfigurationLoader.PrepareSchema();
        var warmup = StartupWarmup.CreateIdle();

        warmup.WhileSchemaBuilds();

        Assert.That(warmup.ClaimedParts, Is.Zero, "nothing to overlap once the schema exists: the main thread goes straight on");
    }

    [Test]
    public void PrepareParsing_BuiltInSample_BuildsAModelWithoutErrors()
    {
        var sample = ConfigurationLoader.PrepareParsing();
        Assert.That(sample, Is.Not.Null, "the sample binds");

        var noPlugins = Path.Combine(Path.GetTempPath(), $"launcher-no-plugins-{Guid.NewGuid():N}");
        var model = new LauncherModelBuilder().AddAssemblies(ModelLoading.CoreAssemblies).UsePluginsDirectory(noPlugins).AddPipeHandlers().AddConfiguration(sample!).Build();

        Assert.That(model.Overlays.Select(o => o.Definition.Name), Is.EqualTo(new[] { "WarmUp" }));
    }

    [Test]
    public void PrepareParsing_BuiltInSample_PassesTheSchema()
    {
        var sample = ConfigurationLoader.PrepareParsing();
        Assert.That(sample, Is.Not.Null);

        var errors = new ErrorList();
        var text = ConfigurationWriter.ToJson(sample!);
        _ = new ConfigurationLoader().TryLoad("sample.json", System.Text.Encoding.UTF8.GetBytes(text), errors);

        Assert.That(errors.Errors, Is.Empty, text);
    }
}
