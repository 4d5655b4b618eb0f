using Launcher.Configuration;
using Launcher.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Cli.Tests;

/// <summary>
/// <c>validate</c>, <c>plan</c>, <c>run</c> and an application's DI host refuse the same files with the same errors. The
/// corpus passes the schema but fails when the model is built (everything is resolved there, before any command does
/// its own work): options that do not bind or validate, settings that are not user settings (<c>version</c>, test
/// seeds), unknown names, an <c>on_start</c> call with no method, a class's fixed community id contradicted, missing keys.
/// </summary>
[TestFixture]
public sealed class CommandAgreementTests
{
    private const string Head = "interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]\nkeys: [{ alias: me, generation: curve25519, ephemeral: true }]\n";
    private const string TwoKeys = "interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]\n"
        + "keys: [{ alias: me, generation: curve25519, ephemeral: true }, { alias: other, generation: curve25519, ephemeral: true }]\n";

    private const string Overlay = "overlays:\n  - class: GenericOverlay\n    community_id: 00112233445566778899aabbccddeeff00112233\n";

    private static readonly (string Name, string Yaml, string Expected)[] Corpus =
    [
        ("negative walker timeout", Head + Overlay + "    walkers: [{ strategy: RandomWalk, peers: 5, init: { timeout: -1 } }]\n", "RandomWalk: timeout must be greater than 0"),
        ("misspelt walker option", Head + Overlay + "    walkers: [{ strategy: RandomWalk, peers: 5, init: { tmeout: 3 } }]\n", "unknown setting 'tmeout'; did you mean 'timeout'?"),
        ("walker option of the wrong type", Head + Overlay + "    walkers: [{ strategy: RandomWalk, init: { window_size: 2.5 } }]\n", "window_size: expected an integer"),
        ("misspelt bootstrapper option", Head + Overlay + "    bootstrappers: [{ class: DispersyBootstrapper, init: { ip_adresses: [] } }]\n", "unknown setting 'ip_adresses'"),
        ("bootstrapper address without port", Head + Overlay + "    bootstrappers: [{ class: DispersyBootstrapper, init: { ip_addresses: [[127.0.0.1, 0]] } }]\n", "ip_addresses must have a port other than 0"),
        ("version is not a setting", Head + Overlay + "    initialize: { version: 3 }\n", "unknown setting 'version'"),
        ("random seed is not a setting", Head + Overlay + "    initialize: { random_seed: 3 }\n", "unknown setting 'random_seed'"),
        ("misspelt initialize key", Head + Overlay + "    initialize: { max_peer: 3 }\n", "unknown setting 'max_peer'; did you mean 'max_peers'?"),
        ("trust value outside the schema bounds", Head + Overlay + "    initialize: { trust: { max_pending_challenges: 0 } }\n", "must be >= 1, got 0"),
        ("on_start without method", Head + Overlay + "    on_start: [[no_such_method, 1]]\n", "GenericOverlay has no public instance method 'no_such_method'"),
        ("unknown strategy", Head + Overlay + "    walkers: [{ strategy: RandomWalkk }]\n", "unknown walk strategy 'RandomWalkk'; did you mean 'RandomWalk'?"),
        ("unknown class", Head + "overlays:\n  - class: DiscoveryCommunty\n", "unknown overlay class 'DiscoveryCommunty'; did you mean 'DiscoveryCommunity'?"),
        ("fixed community id contradicted", Head + "overlays:\n  - class: DiscoveryCommunity\n    community_id: 00112233445566778899aabbccddeeff00112233\n",
            "'DiscoveryCommunity' always uses community id 7e313685c1912a141279f8248fc8db5899c5df5a"),
        ("no community id for a class without one", Head + "overlays:\n  - class: GenericOverlay\n", "'GenericOverlay' has no community id of its own"),
        ("unknown key alias", Head + Overlay + "    key: nobody\n", "unknown key alias 'nobody'"),
        ("no key among two", TwoKeys + Overlay, "no key given and the configuration has 2 keys"),
    ];
    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"launcher-agree-{Guid.NewGuid():N}")).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static IEnumerable<TestCaseData> Cases() => Corpus.Select(c => new TestCaseData(c.Yaml, c.Expected).SetName($"Commands_{c.Name.Replace(' ', '_')}_RefuseAlike"));

    [TestCaseSource(nameof(Cases))]
    public async Task Commands_BadFile_RefuseAlike(string yaml, string expected)
    {
        var path = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(path, yaml);

        var validate = Assert.Throws<ConfigurationException>(() => ModelLoading.LoadChecked(path, pluginsDirectory: null))!;
        var plan = Assert.Throws<ConfigurationException>(() => ModelLoading.Load(path, pluginsDirectory: null))!;
        var run = await RunRefusalAsync(path);
        var hosted = await HostedRefusalAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(validate.Errors, Has.Count.EqualTo(1), validate.Message);
            Assert.That(validate.Errors.Single().Message, Does.Contain(expected));
            Assert.That(plan.Errors, Is.EqualTo(validate.Errors), "plan refuses with the same errors");
            Assert.That(run.Errors, Is.EqualTo(validate.Errors), "run refuses with the same errors");
            Assert.That(hosted.Errors, Is.EqualTo(validate.Errors), "the DI host refuses with the same errors");
        });
    }

    /// <summary>What <c>run</c> does: the launcher service of <see cref="ModelLoading.CreateProvider"/> started, which checks before it opens anything.</summary>
    private static async Task<ConfigurationException> RunRefusalAsync(string path)
    {
        try
        {
            await using var services = ModelLoading.CreateProvider(b => ModelLoading.Configure(b, path, pluginsDirectory: null), path, port: null, _ => NullLoggerFactory.Instance);
            await services.GetRequiredService<IOverlayLauncherService>().StartAsync();
        }
        catch (ConfigurationException exception)
        {
            return exception;
        }

        Assert.Fail("run accepted the file");
        return null!;
    }

    private static async Task<ConfigurationException> HostedRefusalAsync(string path)
    {
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddOverlayLauncher(launcher => launcher.AddFile(path).AddAssemblies(ModelLoading.CoreAssemblies))
            .BuildServiceProvider();
        var exception = Assert.ThrowsAsync<ConfigurationException>(() => provider.GetRequiredService<IOverlayLauncherService>().StartAsync());
        return exception!;
    }
}
