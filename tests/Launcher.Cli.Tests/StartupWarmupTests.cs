namespace Launcher.Cli.Tests;

/// <summary>
/// <c>run</c>'s start-up warm-up: the host configuration and logger factory are made once, by whichever thread asks first,
/// errors included; the compiled-only parts (catalog and sample parsing, the first launch) run to their end (the
/// warm-up swallows exceptions, so a part that throws would end it early without anyone noticing).
/// </summary>
[TestFixture]
public sealed class StartupWarmupTests
{
    [Test]
    public void GetHostConfiguration_InvalidAppsettings_EveryCallerGetsTheSameError()
    {
        var directory = Directory.CreateTempSubdirectory("launcher-warmup-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "appsettings.json"), "{ not json");
            var warmup = StartupWarmup.CreateIdle(directory);

            var first = Assert.Throws<InvalidDataException>(() => warmup.GetHostConfiguration());
            var second = Assert.Throws<InvalidDataException>(() => warmup.GetLoggers());

            Assert.That(second!.Message, Is.EqualTo(first!.Message).And.Contains("appsettings.json"));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    public void GetLoggers_CalledTwice_OneFactoryFromTheHostConfiguration()
    {
        var warmup = StartupWarmup.CreateIdle(Path.GetTempPath());

        using var first = warmup.GetLoggers();
        var second = warmup.GetLoggers();

        Assert.That(second, Is.SameAs(first));
    }

    [Test]
    public void WarmCatalogAndParsing_BuiltInSample_CompletesWithoutError()
    {
        Assert.That(StartupWarmup.WarmCatalogAndParsing, Throws.Nothing);
    }

    [Test]
    public void WarmFirstLaunch_FreshParts_CompletesWithoutError()
    {
        // The warm-up swallows its exceptions (only a warm-up); a part that throws would end it early without anyone
        // noticing, as a refused sample once did. Run directly, it must complete.
        Assert.That(StartupWarmup.WarmFirstLaunch, Throws.Nothing);
    }
}
