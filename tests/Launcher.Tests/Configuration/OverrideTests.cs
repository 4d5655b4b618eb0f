using Launcher.Configuration;
using Launcher.Tests.Support;

namespace Launcher.Tests.Configuration;

public sealed class OverrideTests
{
    private const string Yaml = "walker_interval: 0.5\noverlays:\n  - class: ChatCommunity\n    initialize:\n      max_peers: 10\n";

    private static ConfigurationLoadOptions WithEnvironment(params (string Name, string Value)[] variables) =>
        new() { Environment = variables.ToDictionary(v => v.Name, v => v.Value) };

    [Test]
    public void EnvironmentVariable_OverridesNestedSetting_KeepingItsType()
    {
        var configuration = TestFiles.LoadOrErrors("overlays.yaml", Yaml, out var errors,
            WithEnvironment(("LAUNCHER__overlays__0__initialize__max_peers", "30"), ("OTHER__walker_interval", "9")));
        Assert.Multiple(() =>
        {
            Assert.That(errors.Errors, Is.Empty);
            Assert.That(configuration!.Overlays[0].Initialize["max_peers"].AsNumber(), Is.EqualTo(30));
            Assert.That(configuration.WalkerInterval, Is.EqualTo(TimeSpan.FromSeconds(0.5)));
            Assert.That(configuration.Overrides.Single().Origin.ToString(), Is.EqualTo("environment variable LAUNCHER__overlays__0__initialize__max_peers"));
        });
    }

    [Test]
    public void EnvironmentVariable_WithBadValue_ErrorNamesTheVariable()
    {
        TestFiles.LoadOrErrors("overlays.yaml", Yaml, out var errors, WithEnvironment(("LAUNCHER__walker_interval", "soon")));
        Assert.That(errors.Errors.Single().ToString(), Is.EqualTo("environment variable LAUNCHER__walker_interval: walker_interval: expected number, got string"));
    }

    [Test]
    public void EnvironmentVariable_AddsNewListEntry()
    {
        var configuration = TestFiles.LoadOrErrors("overlays.yaml", Yaml, out var errors,
            WithEnvironment(("LAUNCHER__overlays__0__after__0", "DiscoveryCommunity")));
        Assert.That(errors.Errors, Is.Empty);
        Assert.That(configuration!.Overlays[0].After, Is.EqualTo(new[] { "DiscoveryCommunity" }));
    }

    [Test]
    public void OverrideFile_ReadWithConfigurationJsonProvider_Wins()
    {
        var file = Path.Combine(Path.GetTempPath(), $"launcher-override-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{ "overlays": [ { "initialize": { "max_peers": 42 } } ] }""");
        try
        {
            var options = TestFiles.NoEnvironment with { OverrideFiles = [file] };
            var configuration = TestFiles.LoadOrErrors("overlays.yaml", Yaml, out var errors, options);
            Assert.That(errors.Errors, Is.Empty);
            Assert.That(configuration!.Overlays[0].Initialize["max_peers"].AsNumber(), Is.EqualTo(42));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
