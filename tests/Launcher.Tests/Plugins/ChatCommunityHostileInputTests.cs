using System.Text;
using Ipv8.Communities;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Simulation;

namespace Launcher.Tests.Plugins;

/// <summary>
/// Hostile input against the plugin's ChatCommunity, running in its plugin load context on the simulated network:
/// crafted chat lines and acks from an attacker's endpoint are dropped and counted by reason, never delivered, never
/// answered, and never thrown past the endpoint.
/// </summary>
public sealed class ChatCommunityHostileInputTests
{
    private const byte ChatId = 1;
    private const byte AckId = 2;

    private TestPluginFolder _plugins = null!;
    private ChatSimulation _sim = null!;
    private SimulatedEndpoint _attacker = null!;
    private PrivateKey _verifiedKey = null!;
    private ulong _globalTime = 1_000_000;

    private Community Victim => _sim.Chats.First();

    [SetUp]
    public async Task SetUp()
    {
        _plugins = TestPluginFolder.With("SampleChat");
        _sim = await ChatSimulation.StartAsync(_plugins, peers: 2, seed: 7);
        _sim.RunSeconds(20);
        _verifiedKey = _sim.KeyOf(1);
        Assert.That(Victim.GetPeers().Select(p => p.PublicKey.MidHex), Does.Contain(_verifiedKey.PublicKey.MidHex), "set-up: the victim verified peer 1");
        _attacker = _sim.Net.CreateEndpoint();
        await _attacker.OpenAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        await _attacker.DisposeAsync();
        await _sim.DisposeAsync();
        _plugins.Dispose();
    }

    [TestCase(513, DropReason.OversizedField, TestName = "OnChatMessage_TextOneByteOverTheLimit_DroppedAsOversized")]
    [TestCase(0, DropReason.Malformed, TestName = "OnChatMessage_EmptyText_DroppedAsMalformed")]
    public void OnChatMessage_BadLength_DroppedByReason(int length, DropReason reason)
    {
        var before = Snapshot(reason);
        SendSigned(_verifiedKey, ChatId, new RawTextPayload(Encoding.ASCII.GetBytes(new string('x', length))));
        AssertDropped(before, reason);
    }

    [Test]
    public void OnChatMessage_TextOfExactlyTheLimit_IsDelivered()
    {
        var before = Snapshot();
        SendSigned(_verifiedKey, ChatId, new RawTextPayload(Encoding.ASCII.GetBytes(new string('x', 512))), fromKeyAddress: true);
        Assert.Multiple(() =>
        {
            Assert.That(Victim.Drops.Total, Is.EqualTo(before.Drops));
            Assert.That(Received(), Is.EqualTo(before.Received + 1));
        });
    }

    [Test]
    public void OnChatMessage_InvalidUtf8_DroppedAsMalformed()
    {
        var before = Snapshot(DropReason.Malformed);
        SendSigned(_verifiedKey, ChatId, new RawTextPayload([0x68, 0xC3, 0x28, 0x69]));
        AssertDropped(before, DropReason.Malformed);
    }

    [Test]
    public void OnChatMessage_ControlCharacters_DroppedAsMalformed()
    {
        var before = Snapshot(DropReason.Malformed);
        SendSigned(_verifiedKey, ChatId, new RawTextPayload(Encoding.UTF8.GetBytes("forged\nINFO: log line")));
        AssertDropped(before, DropReason.Malformed);
    }

    [Test]
    public void OnChatMessage_LengthFieldBeyondTheBody_DroppedNotThrown()
    {
        var before = Snapshot();
        SendSigned(_verifiedKey, ChatId, new RawBytesPayload([0x01, 0x00, 0x41, 0x42]));
        Assert.Multiple(() =>
        {
            Assert.That(Victim.Drops.Total, Is.EqualTo(before.Drops + 1));
            Assert.That(Victim.Drops[DropReason.HandlerFailed], Is.Zero);
            Assert.That(Received(), Is.EqualTo(before.Received));
        });
    }

    [Test]
    public void OnChatMessage_FromAKeyThatIsNoVerifiedPeer_DroppedAndNotAnswered()
    {
        var before = Snapshot();
        SendSigned(ChatSimulation.Key(424242), ChatId, new RawTextPayload(Encoding.UTF8.GetBytes("spam")));
        Assert.Multiple(() =>
        {
            Assert.That(Victim.Drops[DropReason.Unexpected], Is.EqualTo(before.Unexpected + 1));
            Assert.That(Received(), Is.EqualTo(before.Received));
            Assert.That(_attacker.Counters.PacketsIn, Is.Zero, "no ack (or anything else) went to the unverified source");
        });
    }

    [Test]
    public void OnChatMessage_VerifiedKeyFromAnotherAddress_DroppedAndIdentityStays()
    {
        var before = Snapshot();
        var address = Victim.GetPeers().Single(p => p.PublicKey.Equals(_verifiedKey.PublicKey)).Address;
        SendSigned(_verifiedKey, ChatId, new RawTextPayload(Encoding.UTF8.GetBytes("replayed elsewhere")));
        Assert.Multiple(() =>
        {
            Assert.That(Victim.Drops[DropReason.Unexpected], Is.EqualTo(before.Unexpected + 1));
            Assert.That(Received(), Is.EqualTo(before.Received));
            Assert.That(Victim.GetPeers().Single(p => p.PublicKey.Equals(_verifiedKey.PublicKey)).Address, Is.EqualTo(address), "the identity did not move");
            Assert.That(_attacker.Counters.PacketsIn, Is.Zero, "no ack went to the replayer");
            Assert.That(Victim.Trust[TrustCounter.AddressMovesRefused], Is.Positive);
        });
    }

    [Test]
    public void OnChatMessage_ReplayedLine_DeliveredOnceThenDroppedAsUnexpected()
    {
        var before = Snapshot();
        var gt = ++_globalTime;
        SendSigned(_verifiedKey, ChatId, new RawTextPayload(Encoding.UTF8.GetBytes("once")), gt, fromKeyAddress: true);
        SendSigned(_verifiedKey, ChatId, new RawTextPayload(Encoding.UTF8.GetBytes("once")), gt, fromKeyAddress: true);
        Assert.Multiple(() =>
        {
            Assert.That(Received(), Is.EqualTo(before.Received + 1));
            Assert.That(Victim.Drops[DropReason.Unexpected], Is.EqualTo(before.Unexpected + 1));
        });
    }

    [Test]
    public void OnChatAck_ForNoLineWeSent_DroppedAsUnexpected()
    {
        var before = Snapshot();
        var acks = TestPluginFolder.Read<long>(Victim, "AcksReceived");
        SendSigned(_verifiedKey, AckId, new RawBytesPayload(BitConverter.GetBytes(0xDEADBEEFUL)));
        Assert.Multiple(() =>
        {
            Assert.That(Victim.Drops[DropReason.Unexpected], Is.EqualTo(before.Unexpected + 1));
            Assert.That(TestPluginFolder.Read<long>(Victim, "AcksReceived"), Is.EqualTo(acks));
        });
    }

    [Test]
    public void Send_TextTheWireWouldRefuse_ThrowsArgumentException()
    {
        var peer = Victim.GetPeers().Single();
        Assert.Multiple(() =>
        {
            Assert.That(() => TestPluginFolder.Call<bool>(Victim, "Send", peer, new string('x', 513)),
                Throws.InstanceOf<System.Reflection.TargetInvocationException>().With.InnerException.InstanceOf<ArgumentException>());
            Assert.That(() => TestPluginFolder.Call<bool>(Victim, "Send", peer, "two\nlines"),
                Throws.InstanceOf<System.Reflection.TargetInvocationException>().With.InnerException.InstanceOf<ArgumentException>());
        });
    }

    private void SendSigned<TPayload>(PrivateKey key, byte messageId, TPayload payload, ulong? globalTime = null, bool fromKeyAddress = false)
        where TPayload : IPayload<TPayload>
    {
        var buffer = new byte[2048];
        var length = MessageFraming.WriteSigned(buffer, Victim.Prefix.Bytes, messageId, key, globalTime ?? ++_globalTime, in payload);
        if (fromKeyAddress)
        {
            // Delivered as if from the key's verified address: with the trust rules (on by default) a verified key's message
            // from another address is a transient sender, not the verified peer (no identity move by replay).
            var address = Victim.GetPeers().Single(p => p.PublicKey.Equals(key.PublicKey)).Address;
            Victim.OnDatagram(address, buffer.AsSpan(0, length));
        }
        else
        {
            _attacker.Send(Victim.Endpoint.LocalAddress, buffer.AsSpan(0, length));
        }

        _sim.RunSeconds(1);
    }

    private long Received() => TestPluginFolder.Read<long>(Victim, "MessagesReceived");

    /// <summary>Total drops, drops for <paramref name="reason"/> (Unexpected by default) and lines received, before a test's datagram.</summary>
    private (long Drops, long Unexpected, long Received) Snapshot(DropReason reason = DropReason.Unexpected)
        => (Victim.Drops.Total, Victim.Drops[reason], Received());

    private void AssertDropped((long Drops, long ForReason, long Received) before, DropReason reason)
    {
        Assert.Multiple(() =>
        {
            Assert.That(Victim.Drops.Total, Is.EqualTo(before.Drops + 1), "exactly one drop");
            Assert.That(Victim.Drops[reason], Is.EqualTo(before.ForReason + 1), $"counted as {reason}");
            Assert.That(Received(), Is.EqualTo(before.Received), "nothing delivered");
        });
    }
}
