using Ipv8.Bootstrapping;
using Ipv8.Discovery;
using Ipv8.Messaging;
using Launcher.Catalog;
using Launcher.Definitions;
using System.Reflection;
using Ipv8;
using Launcher.Configuration;

namespace Launcher.Tests.Plugins;

/// <summary>
/// The sample plugin's RoundRobinWalk and StaticListBootstrapper, created from the plugin's load context with options bound
/// the way the host binds YAML <c>init</c> sections, driven through the host's <see cref="IDiscoveryOverlay"/>.
/// </summary>
public sealed class SampleChatComponentTests
{
    private static readonly UdpAddress A = UdpAddress.Parse("192.0.2.1", 7001);
    private static readonly UdpAddress B = UdpAddress.Parse("192.0.2.1", 7002);
    private static readonly UdpAddress C = UdpAddress.Parse("192.0.2.9", 7000);

    private TestPluginFolder _plugins = null!;
    private ComponentCatalog _catalog = null!;

    [SetUp]
    public void SetUp()
    {
        _plugins = TestPluginFolder.With("SampleChat");
        _catalog = TestPluginFolder.Catalog(_plugins.Load("SampleChat"));
    }

    [TearDown]
    public void TearDown() => _plugins.Dispose();

    [Test]
    public void RoundRobinWalk_ThreeAddresses_WalksEachOnceInAddressOrderThenAsksForAnIntroduction()
    {
        var overlay = new RecordingOverlay();
        overlay.Walkable.AddRange([C, A, B]);
        var walk = Strategy(overlay, new() { ["revisit_after"] = 10.0, ["introduction_every"] = 1000 });

        for (var i = 0; i < 4; i++)
        {
            walk.TakeStep();
        }

        Assert.Multiple(() =>
        {
            Assert.That(overlay.Walks, Is.EqualTo(new[] { A, B, C }));
            Assert.That(overlay.IntroductionRequests, Is.EqualTo(1), "every address was walked to recently");
        });
    }

    [Test]
    public void RoundRobinWalk_RevisitTimePassed_StartsTheNextRoundAfterTheLastAddress()
    {
        var overlay = new RecordingOverlay();
        overlay.Walkable.AddRange([A, B, C]);
        var walk = Strategy(overlay, new() { ["revisit_after"] = 10.0, ["introduction_every"] = 1000 });
        walk.TakeStep();
        walk.TakeStep();
        overlay.Clock.Advance(TimeSpan.FromSeconds(10));

        walk.TakeStep();
        walk.TakeStep();

        Assert.That(overlay.Walks, Is.EqualTo(new[] { A, B, C, A }));
    }

    [Test]
    public void RoundRobinWalk_IntroductionEveryTwo_AlternatesWalksAndIntroductionRequests()
    {
        var overlay = new RecordingOverlay();
        overlay.Walkable.AddRange([A, B, C]);
        var walk = Strategy(overlay, new() { ["introduction_every"] = 2 });

        for (var i = 0; i < 6; i++)
        {
            walk.TakeStep();
        }

        Assert.Multiple(() =>
        {
            Assert.That(overlay.Walks, Is.EqualTo(new[] { A, B, C }));
            Assert.That(overlay.IntroductionRequests, Is.EqualTo(3));
        });
    }

    [Test]
    public void RoundRobinWalk_NothingWalkable_AsksForAnIntroductionEveryStep()
    {
        var overlay = new RecordingOverlay();
        var walk = Strategy(overlay, []);
        walk.TakeStep();
        walk.TakeStep();
        Assert.That((overlay.Walks.Count, overlay.IntroductionRequests), Is.EqualTo((0, 2)));
    }

    [TestCase("revisit_after", 0.0, "RevisitAfter")]
    [TestCase("introduction_every", 1001, "IntroductionEvery")]
    [TestCase("max_tracked", 0, "MaxTracked")]
    public void RoundRobinWalk_OptionOutOfRange_ConstructorThrowsNamingTheProperty(string key, object value, string property)
    {
        var exception = Assert.Throws<System.Reflection.TargetInvocationException>(() => Strategy(new RecordingOverlay(), new() { [key] = value }));
        Assert.That(exception!.InnerException, Is.InstanceOf<ArgumentOutOfRangeException>()
            .With.Property(nameof(ArgumentException.ParamName)).EqualTo(property)
            .And.Message.Contains(key));
    }

    [Test]
    public async Task StaticListBootstrapper_Servers_BlacklistsThemAndRateLimitsRounds()
    {
        var overlay = new RecordingOverlay();
        var bootstrapper = Bootstrapper(new() { ["addresses"] = new object[] { A.ToString(), new object[] { "192.0.2.9", 7000 }, A.ToString() }, ["interval"] = 5.0 });

        Assert.That(await bootstrapper.InitializeAsync(overlay, CancellationToken.None), Is.True);
        var first = await bootstrapper.GetAddressesAsync(overlay, TimeSpan.FromSeconds(1), CancellationToken.None);
        var tooSoon = await bootstrapper.GetAddressesAsync(overlay, TimeSpan.FromSeconds(1), CancellationToken.None);
        overlay.Clock.Advance(TimeSpan.FromSeconds(5));
        var again = await bootstrapper.GetAddressesAsync(overlay, TimeSpan.FromSeconds(1), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new[] { A, C }), "duplicates ignored");
            Assert.That(tooSoon, Is.Empty);
            Assert.That(again, Is.EqualTo(new[] { A, C }));
            Assert.That(overlay.Network.IsBlacklisted(A) && overlay.Network.IsBlacklisted(C), Is.True);
            Assert.That(bootstrapper.Blacklist(), Is.EquivalentTo(new[] { A, C }));
        });
    }

    [Test]
    public async Task StaticListBootstrapper_Servers_KeepAliveWalksToEachInTurn()
    {
        var overlay = new RecordingOverlay();
        var bootstrapper = Bootstrapper(new() { ["addresses"] = new object[] { A.ToString(), C.ToString() } });
        bootstrapper.KeepAlive(overlay);
        await bootstrapper.InitializeAsync(overlay, CancellationToken.None);
        bootstrapper.KeepAlive(overlay);
        bootstrapper.KeepAlive(overlay);
        bootstrapper.KeepAlive(overlay);
        Assert.That(overlay.Walks, Is.EqualTo(new[] { A, C, A }), "nothing before initialization, then in turn");
    }

    [Test]
    public async Task StaticListBootstrapper_OrdinaryPeers_NotBlacklisted()
    {
        var overlay = new RecordingOverlay();
        var bootstrapper = Bootstrapper(new() { ["addresses"] = new object[] { A.ToString() }, ["servers"] = false });
        await bootstrapper.InitializeAsync(overlay, CancellationToken.None);
        var addresses = await bootstrapper.GetAddressesAsync(overlay, TimeSpan.FromSeconds(1), CancellationToken.None);
        bootstrapper.KeepAlive(overlay);
        Assert.Multiple(() =>
        {
            Assert.That(addresses, Is.EqualTo(new[] { A }));
            Assert.That(overlay.Network.IsBlacklisted(A), Is.False);
            Assert.That(bootstrapper.Blacklist(), Is.Empty);
            Assert.That(overlay.Walks, Is.Empty, "no keep-alive walks to ordinary peers");
        });
    }

    [TestCase("addresses", new object[0], "addresses must list at least one address")]
    [TestCase("interval", -2.0, "interval must not be negative")]
    public void StaticListBootstrapperOptions_Invalid_ValidateNamesTheSetting(string key, object value, string expected)
    {
        var settings = new Dictionary<string, object?> { ["addresses"] = new object[] { A.ToString() }, [key] = value };
        var options = Bind(ComponentKind.Bootstrapper, "StaticListBootstrapper", settings);
        var problems = (IEnumerable<string>)options.GetType().GetMethod("Validate")!.Invoke(options, null)!;
        Assert.That(problems, Has.Some.StartsWith(expected));
    }

    private IDiscoveryStrategy Strategy(IDiscoveryOverlay overlay, Dictionary<string, object?> settings)
    {
        var type = _catalog.Resolve(ComponentKind.WalkStrategy, "RoundRobinWalk").Type;
        return (IDiscoveryStrategy)Activator.CreateInstance(type, overlay, Bind(ComponentKind.WalkStrategy, "RoundRobinWalk", settings))!;
    }

    private IBootstrapper Bootstrapper(Dictionary<string, object?> settings)
    {
        var type = _catalog.Resolve(ComponentKind.Bootstrapper, "StaticListBootstrapper").Type;
        return (IBootstrapper)Activator.CreateInstance(type, Bind(ComponentKind.Bootstrapper, "StaticListBootstrapper", settings))!;
    }

    private object Bind(ComponentKind kind, string name, Dictionary<string, object?> settings)
    {
        var type = _catalog.Resolve(kind, name).Type;
        var optionsType = type.GetCustomAttribute<ComponentOptionsAttribute>()!.OptionsType;
        var problems = new List<string>();
        var options = OptionsBinder.Bind(optionsType, SettingsMap.FromObjects(settings), problems).Create();
        Assert.That(problems, Is.Empty);
        return options;
    }
}
