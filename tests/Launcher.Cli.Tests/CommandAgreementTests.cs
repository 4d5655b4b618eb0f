using Launcher.Configuration;
using Launcher.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Launcher.Cli.Tests;

/// <summary>
/// <c>validate</c>, <c>plan</c>, <c>run</c> and an application's DI host refuse the same files with the same errors. The
/// corpus passes the schema but fails later: an <c>init</c> that does not bind, an <c>on_start</c> call with no method,
/// an unknown strategy, an overlay without key beside two keys, <c>initialize: {version: ...}</c> (it would move the
/// overlay to another wire prefix; it is not a user setting).
/// </summary>
[TestFixture]
public sealed class CommandAgreementTests
{
    private const string Head = "interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]\nkeys: [{ alias: me, generation: curve25519, ephemeral: true }]\n";
    private const string TwoKeys = "interfaces: [{ interface: UDPIPv4, ip: 127.0.0.1, port: 0 }]\n"
        + "keys: [{ alias: me, generation: curve25519, ephemeral: true }, { alias: other, generation: curve25519, ephemeral: true }]\n";

    private const string Overlay = "overlays:\n  - class: GenericOverlay\n    community_id: 00112233445566778899aabbccddeeff00112233\n";

    private static readonly (string Name, string Yaml, bool ModelAloneAccepts)[] Corpus =
    [
        ("negative walker timeout", Head + Overlay + "    walkers: [{ strategy: RandomWalk, peers: 5, init: { timeout: -1 } }]\n", true),
        ("misspelt walker option", Head + Overlay + "    walkers: [{ strategy: RandomWalk, peers: 5, init: { tmeout: 3 } }]\n", true),
        ("misspelt bootstrapper option", Head + Overlay + "    bootstrappers: [{ class: DispersyBootstrapper, init: { ip_adresses: [] } }]\n", true),
        ("version is not a setting", Head + Overlay + "    initialize: { version: 3 }\n", true),
        ("on_start without method", Head + Overlay + "    on_start: [[no_such_method, 1]]\n", true),
        ("unknown strategy", Head + Overlay + "    walkers: [{ strategy: RandomWalkk }]\n", false),
        ("no key among two", TwoKeys + Overlay, false),
    ];

    private string _directory = "";

    [SetUp]
    public void SetUp() => _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"launcher-agree-{Guid.NewGuid():N}")).FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static IEnumerable<TestCaseData> Cases() => Corpus.Select(c => new TestCaseData(c.Yaml, c.ModelAloneAccepts).SetName($"Commands_{c.Name.Replace(' ', '_')}_RefuseAlike"));

    [TestCaseSource(nameof(Cases))]
    public async Task Commands_BadFile_RefuseAlike(string yaml, bool modelAloneAccepts)
    {
        var path = Path.Combine(_directory, "bad.yaml");
        await File.WriteAllTextAsync(path, yaml);

        var validateAndPlan = Assert.Throws<ConfigurationException>(() => ModelLoading.LoadChecked(path, pluginsDirectory: null))!;
        var run = await RunRefusalAsync(path);
        var hosted = await HostedRefusalAsync(path);

        Assert.Multiple(() =>
        {
            Assert.That(validateAndPlan.Errors, Is.Not.Empty);
            Assert.That(run.Errors, Is.EqualTo(validateAndPlan.Errors), "run refuses with the same errors");
            Assert.That(hosted.Errors, Is.EqualTo(validateAndPlan.Errors), "the DI host refuses with the same errors");
            if (modelAloneAccepts)
            {
                Assert.That(() => ModelLoading.Load(path, pluginsDirectory: null), Throws.Nothing, "only the check phase finds this one: validate must run it");
            }
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
