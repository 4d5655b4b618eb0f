using Microsoft.Extensions.Configuration;

namespace Launcher.Cli.Tests;

/// <summary>
/// <c>run</c>'s start-up warm-up: the logger factory is made by the thread that asks for it (it does not wait for the
/// schema), and the first launch's warm-up (key, socket, an overlay on a silent endpoint) runs to its end.
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
    public void WarmFirstLaunch_FreshParts_CompletesWithoutError()
    {
        // The warm-up swallows its exceptions (only a warm-up); a part that throws would end it early without anyone
        // noticing, as a refused sample once did. Run directly, it must complete.
        Assert.That(StartupWarmup.WarmFirstLaunch, Throws.Nothing);
    }
}
