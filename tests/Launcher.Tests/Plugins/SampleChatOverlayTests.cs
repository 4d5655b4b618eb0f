using System.Collections;
using Ipv8.Communities;
using Ipv8.Messaging;

namespace Launcher.Tests.Plugins;

/// <summary>
/// The sample chat plugin's overlay run through the production launch pipeline (YAML → catalog → <c>OverlayHost</c>) on a
/// seeded simulated network with a virtual clock: two chat peers bootstrap from a tracker through the plugin's
/// StaticListBootstrapper, walk with its RoundRobinWalk, greet each other and exchange chat lines.
/// </summary>
public sealed class SampleChatOverlayTests
{
    private TestPluginFolder _plugins = null!;

    [SetUp]
    public void SetUp() => _plugins = TestPluginFolder.With("SampleChat");

    [TearDown]
    public void TearDown() => _plugins.Dispose();

    [Test]
    public async Task Run_TwoChatPeersAndATracker_FindEachOtherAndExchangeGreetings()
    {
        await using var sim = await ChatSimulation.StartAsync(_plugins, peers: 2, seed: 5);
        sim.RunSeconds(20);

        var (a, b) = (sim.Chats.First(), sim.Chats.Last());
        var running = sim.Hosts[0].Overlays.Single();
        Assert.Multiple(() =>
        {
            Assert.That(a.GetType().FullName, Is.EqualTo("SampleChat.ChatCommunity"));
            Assert.That(running.Strategies.Single().Strategy.GetType().FullName, Is.EqualTo("SampleChat.RoundRobinWalk"));
            Assert.That(running.Bootstrappers.Single().GetType().FullName, Is.EqualTo("SampleChat.StaticListBootstrapper"));
            Assert.That(TestPluginFolder.Read<long>(running.Bootstrappers.Single(), "Rounds"), Is.Positive, "the bootstrapper ran");
            Assert.That(TestPluginFolder.Read<long>(running.Strategies.Single().Strategy, "Introductions")
                        + TestPluginFolder.Read<long>(running.Strategies.Single().Strategy, "Walks"), Is.Positive, "the strategy stepped");

            Assert.That(a.GetPeers().Select(p => p.PublicKey.MidHex), Is.EqualTo(new[] { b.MyPeer.PublicKey.MidHex }), "a knows b (and not the tracker)");
            Assert.That(b.GetPeers().Select(p => p.PublicKey.MidHex), Is.EqualTo(new[] { a.MyPeer.PublicKey.MidHex }), "b knows a");
            Assert.That(Texts(a), Does.Contain($"hello from {b.MyPeer.PublicKey.MidHex[..8]}"));
            Assert.That(Texts(b), Does.Contain($"hello from {a.MyPeer.PublicKey.MidHex[..8]}"));
            Assert.That(TestPluginFolder.Read<long>(a, "AcksReceived"), Is.EqualTo(TestPluginFolder.Read<long>(a, "MessagesSent")), "every line a sent was acknowledged");
            Assert.That(a.Drops.Total + b.Drops.Total, Is.Zero);
        });
    }

    [Test]
    public async Task Broadcast_AfterTheyMet_TheOtherPeerReceivesTheLineOnce()
    {
        await using var sim = await ChatSimulation.StartAsync(_plugins, peers: 2, seed: 6);
        sim.RunSeconds(20);
        var (a, b) = (sim.Chats.First(), sim.Chats.Last());
        var before = TestPluginFolder.Read<long>(b, "MessagesReceived");

        var sent = TestPluginFolder.Call<int>(a, "Broadcast", "ünïcode over the plugin ✓");
        sim.RunSeconds(1);

        Assert.Multiple(() =>
        {
            Assert.That(sent, Is.EqualTo(1));
            Assert.That(TestPluginFolder.Read<long>(b, "MessagesReceived"), Is.EqualTo(before + 1));
            Assert.That(Texts(b).Last(), Is.EqualTo("ünïcode over the plugin ✓"));
            Assert.That(Sender(b), Is.EqualTo(a.MyPeer.PublicKey.MidHex));
        });
    }

    [TestCase("introduction_every: 3", "introduction_every: 0", "introduction_every must be between 1 and 1000 (was 0)")]
    [TestCase("introduction_every: 3", "introduction_evry: 3", "introduction_evry")]
    [TestCase("servers: true", "servers: true, addresses_extra: 1", "addresses_extra")]
    [TestCase("interval: 2.0", "interval: -1", "interval must not be negative")]
    public void Start_BadInitOfAPluginComponent_FailsNamingTheSetting(string from, string to, string expected)
    {
        var exception = Assert.ThrowsAsync<Launcher.Configuration.ConfigurationException>(
            () => ChatSimulation.StartAsync(_plugins, peers: 1, seed: 8, yaml => yaml.Replace(from, to, StringComparison.Ordinal)));
        TestContext.Out.WriteLine(exception!.Message);
        Assert.That(exception.Message, Does.Contain(expected).And.Contain("SampleChat"));
    }

    private static List<string> Texts(Community chat)
        => [.. ((IEnumerable)TestPluginFolder.Call<object>(chat, "GetMessages")).Cast<object>().Select(m => TestPluginFolder.Read<string>(m, "Text"))];

    private static string Sender(Community chat)
        => ((IEnumerable)TestPluginFolder.Call<object>(chat, "GetMessages")).Cast<object>().Select(m => TestPluginFolder.Read<string>(m, "SenderMid")).Last();

    internal static UdpAddress AddressOf(Community chat) => chat.Endpoint.LocalAddress;
}
