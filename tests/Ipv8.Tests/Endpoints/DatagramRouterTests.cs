using Ipv8.Messaging;

namespace Ipv8.Tests.Endpoints;

public class DatagramRouterTests
{
    private static readonly UdpAddress Source = UdpAddress.Parse("192.0.2.1:8090");

    private static byte[] Prefix(byte community) => [0x00, 0x02, .. Enumerable.Repeat(community, 20)];

    private static byte[] Packet(byte community, byte messageId = 246, int body = 10)
        => [.. Prefix(community), messageId, .. new byte[body]];

    [Test]
    public void Deliver_PrefixRegistered_GoesToPrefixListenersOnly()
    {
        var drops = new CounterSet<DropReason>();
        var router = new DatagramRouter(drops);
        var a = new RecordingListener("a");
        var b = new RecordingListener("b");
        router.AddPrefixListener(Prefix(1), a);
        router.AddPrefixListener(Prefix(2), b);

        var delivered = router.Deliver(Source, Packet(1));

        Assert.Multiple(() =>
        {
            Assert.That(delivered, Is.EqualTo(1));
            Assert.That(a.Received, Has.Count.EqualTo(1));
            Assert.That(a.Received[0].Source, Is.EqualTo(Source));
            Assert.That(a.Received[0].Data, Is.EqualTo(Packet(1)));
            Assert.That(b.Received, Is.Empty);
            Assert.That(drops.Total, Is.Zero);
        });
    }

    [Test]
    public void Deliver_UnknownPrefixWithGeneralListener_GoesToGeneralOnly()
    {
        var router = new DatagramRouter(new CounterSet<DropReason>());
        var general = new RecordingListener("general");
        var prefixed = new RecordingListener("prefixed");
        router.AddListener(general);
        router.AddPrefixListener(Prefix(1), prefixed);

        router.Deliver(Source, Packet(9));

        Assert.Multiple(() =>
        {
            Assert.That(general.Received, Has.Count.EqualTo(1));
            Assert.That(prefixed.Received, Is.Empty);
        });
    }

    [Test]
    public void Deliver_UnknownPrefixNoGeneralListener_CountsUnknownPrefix()
    {
        var drops = new CounterSet<DropReason>();
        var router = new DatagramRouter(drops);
        router.AddPrefixListener(Prefix(1), new RecordingListener());

        var delivered = router.Deliver(Source, Packet(2));

        Assert.Multiple(() =>
        {
            Assert.That(delivered, Is.Zero);
            Assert.That(drops[DropReason.UnknownPrefix], Is.EqualTo(1));
        });
    }

    [Test]
    public void AddPrefixListener_GeneralListenerExistingAtCreation_IsAppendedToEntry()
    {
        var router = new DatagramRouter(new CounterSet<DropReason>());
        var general = new RecordingListener("general");
        var community = new RecordingListener("community");
        router.AddListener(general);
        router.AddPrefixListener(Prefix(1), community);

        router.Deliver(Source, Packet(1));

        Assert.Multiple(() =>
        {
            Assert.That(general.Received, Has.Count.EqualTo(1));
            Assert.That(community.Received, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void AddListener_AfterPrefixEntryExists_IsAppendedToEveryEntry()
    {
        var router = new DatagramRouter(new CounterSet<DropReason>());
        var c1 = new RecordingListener("c1");
        var c2 = new RecordingListener("c2");
        router.AddPrefixListener(Prefix(1), c1);
        router.AddPrefixListener(Prefix(2), c2);
        var late = new RecordingListener("late");
        router.AddListener(late);

        router.Deliver(Source, Packet(1));
        router.Deliver(Source, Packet(2));
        router.Deliver(Source, Packet(3));

        Assert.Multiple(() =>
        {
            Assert.That(late.Received, Has.Count.EqualTo(3));
            Assert.That(c1.Received, Has.Count.EqualTo(1));
            Assert.That(c2.Received, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void AddPrefixListener_SecondListenerSamePrefix_BothReceiveInOrder()
    {
        var router = new DatagramRouter(new CounterSet<DropReason>());
        var order = new List<string>();
        router.AddPrefixListener(Prefix(1), new CallbackListener(() => order.Add("first")));
        router.AddPrefixListener(Prefix(1), new CallbackListener(() => order.Add("second")));

        router.Deliver(Source, Packet(1));

        Assert.That(order, Is.EqualTo(new[] { "first", "second" }));
    }

    [Test]
    public void Deliver_ListenerThrows_CountedAndOthersStillReceive()
    {
        var drops = new CounterSet<DropReason>();
        var router = new DatagramRouter(drops);
        var thrower = new RecordingListener("thrower") { Throws = true };
        var after = new RecordingListener("after");
        router.AddPrefixListener(Prefix(1), thrower);
        router.AddPrefixListener(Prefix(1), after);

        Assert.DoesNotThrow(() => router.Deliver(Source, Packet(1)));
        Assert.Multiple(() =>
        {
            Assert.That(drops[DropReason.ListenerFailed], Is.EqualTo(1));
            Assert.That(after.Received, Has.Count.EqualTo(1));
        });
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(22)]
    public void Deliver_ShortDatagramNoGeneralListener_CountsTooShort(int length)
    {
        var drops = new CounterSet<DropReason>();
        var router = new DatagramRouter(drops);
        var community = new RecordingListener();
        router.AddPrefixListener(Prefix(1), community);

        router.Deliver(Source, Packet(1, body: 0).AsSpan(0, length));

        Assert.Multiple(() =>
        {
            Assert.That(drops[DropReason.TooShort], Is.EqualTo(1));
            Assert.That(community.Received, Is.Empty);
        });
    }

    [Test]
    public void Deliver_ShortDatagramWithGeneralListener_GoesToGeneralOnly()
    {
        var drops = new CounterSet<DropReason>();
        var router = new DatagramRouter(drops);
        var general = new RecordingListener("general");
        var community = new RecordingListener("community");
        router.AddListener(general);
        router.AddPrefixListener(Prefix(1), community);

        // Exactly the 22-byte prefix of the registered community, without a message id.
        router.Deliver(Source, Prefix(1));

        Assert.Multiple(() =>
        {
            Assert.That(general.Received, Has.Count.EqualTo(1));
            Assert.That(community.Received, Is.Empty);
            Assert.That(drops.Total, Is.Zero);
        });
    }

    [Test]
    public void RemoveListener_RemovesFromGeneralAndPrefixEntries()
    {
        var drops = new CounterSet<DropReason>();
        var router = new DatagramRouter(drops);
        var general = new RecordingListener("general");
        var community = new RecordingListener("community");
        router.AddListener(general);
        router.AddPrefixListener(Prefix(1), community);

        router.RemoveListener(general);
        router.Deliver(Source, Packet(1));
        router.RemoveListener(community);
        router.Deliver(Source, Packet(1));

        Assert.Multiple(() =>
        {
            Assert.That(general.Received, Is.Empty);
            Assert.That(community.Received, Has.Count.EqualTo(1));
            Assert.That(router.PrefixCount, Is.Zero);
            Assert.That(drops[DropReason.UnknownPrefix], Is.EqualTo(1));
        });
    }

    [Test]
    public void AddPrefixListener_WrongLength_Throws()
    {
        var router = new DatagramRouter(new CounterSet<DropReason>());
        Assert.Throws<ArgumentException>(() => router.AddPrefixListener(new byte[21], new RecordingListener()));
    }

    [Test]
    public void Deliver_PrefixesDifferingOnlyInLastByte_AreDistinct()
    {
        var router = new DatagramRouter(new CounterSet<DropReason>());
        var a = new RecordingListener("a");
        var b = new RecordingListener("b");
        var pa = Prefix(7);
        var pb = Prefix(7);
        pb[21] ^= 1;
        router.AddPrefixListener(pa, a);
        router.AddPrefixListener(pb, b);

        router.Deliver(Source, [.. pb, 1]);

        Assert.Multiple(() =>
        {
            Assert.That(a.Received, Is.Empty);
            Assert.That(b.Received, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void AddListener_FromInsideListener_TakesEffectForNextDatagram()
    {
        var router = new DatagramRouter(new CounterSet<DropReason>());
        var late = new RecordingListener("late");
        var added = false;
        router.AddListener(new CallbackListener(() =>
        {
            if (!added)
            {
                added = true;
                router.AddListener(late);
            }
        }));

        router.Deliver(Source, Packet(1));
        router.Deliver(Source, Packet(1));

        Assert.That(late.Received, Has.Count.EqualTo(1));
    }

    private sealed class CallbackListener(Action callback) : IDatagramListener
    {
        public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram) => callback();
    }
}
