using Ipv8.Communities;
using Ipv8.Discovery;
using Launcher.Configuration;
using Launcher.Launching;
using Launcher.Tests.Support;

namespace Launcher.Tests.Launching;

/// <summary>What <see cref="LauncherModelBuilder.Build"/> resolves: community ids, bound and validated options, keys, on_start calls.</summary>
public sealed class ResolvedModelTests
{
    private const string Head = "keys: [{ alias: me, generation: curve25519, ephemeral: true }]\noverlays:\n";

    private static LauncherModel Build(string yaml) =>
        TestCatalog.ModelBuilder().AddTypes(typeof(Support.Hosting.ExplodingWalk)).UsePluginsDirectory(Path.Combine(Path.GetTempPath(), "no-plugins-here")).AddConfiguration(TestFiles.Load("overlays.yaml", yaml)).Build();

    private static ConfigurationException Refused(string yaml) => Assert.Throws<ConfigurationException>(() => Build(yaml))!;

    [Test]
    public void Build_FixedIdClassWithoutCommunityId_GetsTheClassesId()
    {
        var overlay = Build(Head + "  - class: DiscoveryCommunity\n").Overlays.Single();
        Assert.That(overlay.CommunityId.ToArray(), Is.EqualTo(DiscoveryCommunity.DiscoveryCommunityId.ToArray()));
    }

    [Test]
    public void Build_FixedIdClassWithItsOwnIdConfigured_IsAccepted()
    {
        var overlay = Build(Head + $"  - class: DiscoveryCommunity\n    community_id: {DiscoveryCommunity.DiscoveryCommunityIdHex.ToUpperInvariant()}\n").Overlays.Single();
        Assert.That(Convert.ToHexStringLower(overlay.CommunityId.Span), Is.EqualTo(DiscoveryCommunity.DiscoveryCommunityIdHex));
    }

    [Test]
    public void Build_FixedIdClassWithAnotherId_IsAnErrorNamingFileLineAndSetting()
    {
        var error = Refused(Head + "  - class: DiscoveryCommunity\n    community_id: 00112233445566778899aabbccddeeff00112233\n").Errors.Single();
        Assert.Multiple(() =>
        {
            Assert.That(error.Origin.File, Is.EqualTo("overlays.yaml"));
            Assert.That(error.Origin.Line, Is.EqualTo(3));
            Assert.That(error.Path, Is.EqualTo("overlays.DiscoveryCommunity.community_id"));
            Assert.That(error.Message, Does.Contain("always uses community id 7e313685c1912a141279f8248fc8db5899c5df5a"));
        });
    }

    [Test]
    public void Build_DefaultIdClass_UsesItsDefaultOrTheConfiguredOne()
    {
        var model = Build(Head + "  - class: ChatCommunity\n  - class: ChatCommunity\n    name: Room\n    community_id: 00112233445566778899aabbccddeeff00112233\n");
        Assert.Multiple(() =>
        {
            Assert.That(Convert.ToHexStringLower(model.Overlays[0].CommunityId.Span), Is.EqualTo(ChatCommunity.DefaultCommunityIdHex));
            Assert.That(Convert.ToHexStringLower(model.Overlays[1].CommunityId.Span), Is.EqualTo("00112233445566778899aabbccddeeff00112233"));
        });
    }

    [Test]
    public void Build_WalkerInit_IsBoundAndValidatedOptions()
    {
        var walker = Build(Head + "  - class: ChatCommunity\n    walkers: [{ strategy: RandomWalk, peers: 7, init: { timeout: 1.5, window_size: 3 } }]\n").Overlays.Single().Walkers.Single();
        Assert.Multiple(() =>
        {
            Assert.That(walker.Type, Is.EqualTo(typeof(RandomWalk)));
            Assert.That(walker.TargetPeers, Is.EqualTo(7));
            Assert.That(walker.Options, Is.EqualTo(new RandomWalkOptions { Timeout = TimeSpan.FromSeconds(1.5), WindowSize = 3 }));
        });
    }

    [Test]
    public void Build_InvalidWalkerOptions_ReportsEveryFailure()
    {
        var errors = Refused(Head + "  - class: ChatCommunity\n    walkers: [{ strategy: RandomWalk, init: { timeout: -1, reset_chance: 300 } }]\n").Errors;
        Assert.That(errors.Select(e => e.Message), Is.EquivalentTo(new[]
        {
            "RandomWalk: timeout must be greater than 0 (was -1 s)",
            "RandomWalk: reset_chance must be between 0 and 256 (was 300)",
        }));
    }

    [TestCase("version")]
    [TestCase("random_seed")]
    [TestCase("community_id")]
    public void Build_InitializeWithANonUserSetting_IsRefusedAsUnknown(string setting)
    {
        var error = Refused(Head + $"  - class: ChatCommunity\n    initialize: {{ {setting}: 3 }}\n").Errors.Single();
        Assert.That(error.Message, Does.StartWith($"unknown setting '{setting}'"));
    }

    [Test]
    public void Build_InitializeAndOnStart_AreBoundAndResolved()
    {
        var overlay = Build(Head + "  - class: ChatCommunity\n    initialize: { max_peers: 12, anonymize: true, trust: { enabled: false } }\n    on_start: [[greet, hi, 2]]\n").Overlays.Single();
        var applied = Options.ApplyInitialize(Options.Object("{}"));
        Assert.Multiple(() =>
        {
            Assert.That(overlay.Settings.ApplyTo(applied).MaxPeers, Is.EqualTo(12));
            Assert.That(overlay.Settings.ApplyTo(applied).Trust, Is.EqualTo(new PeerTrustOptions { Enabled = false }));
            Assert.That(overlay.OnStart.Single().Method.Name, Is.EqualTo(nameof(ChatCommunity.Greet)));
            Assert.That(overlay.OnStart.Single().Arguments, Is.EqualTo(new object[] { "hi", 2 }));
            Assert.That(overlay.Key.Alias, Is.EqualTo("me"));
        });
    }

    [Test]
    public void Build_ComponentWithoutDeclaredOptions_RefusesSettings()
    {
        var error = Refused(Head + "  - class: ChatCommunity\n    walkers: [{ strategy: ExplodingWalk, init: { speed: 1 } }]\n").Errors.Single();
        Assert.That(error.Message, Is.EqualTo("ExplodingWalk takes no settings, but speed were given"));
    }
}
