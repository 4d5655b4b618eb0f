using System.Net;
using System.Net.Sockets;
using Ipv8.Messaging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Tests.Endpoints;

public class ReceiveLanesTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static UdpAddress Source(int i) => UdpAddress.Parse($"127.0.{i / 200}.{1 + (i % 200)}:{20_000 + i}");

    private static byte[] Numbered(int source, int sequence) => SequenceListener.Numbered(source, sequence);

    [Test]
    public async Task Post_ManySourcesInterleaved_DeliversEverySourceInOrder()
    {
        const int sources = 16;
        const int perSource = 500;
        var drops = new CounterSet<DropReason>();
        var router = new DatagramRouter(drops);
        var listener = new SequenceListener();
        router.AddListener(listener);
        var lanes = new ReceiveLanes(4, sources * perSource, router, drops, NullLogger.Instance);

        for (var n = 0; n < perSource; n++)
        {
            for (var s = 0; s < sources; s++)
            {
                Assert.That(lanes.Post(Source(s), Numbered(s, n)), Is.True);
            }
        }

        Assert.That(await lanes.CompleteAsync(Timeout), Is.True, "workers did not finish");
        Assert.Multiple(() =>
        {
            Assert.That(drops.Total, Is.Zero);
            Assert.That(listener.Total, Is.EqualTo(sources * perSource));
            Assert.That(listener.OutOfOrder, Is.Zero, "a source's datagrams were delivered out of order");
            Assert.That(listener.MaxConcurrent, Is.GreaterThanOrEqualTo(1));
        });
    }

    [Test]
    public async Task Post_EachDatagramToAnIdleLane_IsDeliveredWithoutCompleting()
    {
        // Every datagram reaches an idle lane (the previous one was delivered), so each must queue a new drain by itself.
        const int datagrams = 2_000;
        var drops = new CounterSet<DropReason>();
        var router = new DatagramRouter(drops);
        using var listener = new CountingListener();
        router.AddListener(listener);
        var lanes = new ReceiveLanes(2, 16, router, drops, NullLogger.Instance);
        for (var i = 0; i < datagrams; i++)
        {
            Assert.That(lanes.Post(Source(i % 7), Numbered(i % 7, i)), Is.True);
            Assert.That(listener.Delivered.Wait(Timeout), Is.True, $"datagram {i} was queued but never delivered");
        }

        Assert.That(await lanes.CompleteAsync(Timeout), Is.True);
        Assert.That(drops.Total, Is.Zero);
    }

    [Test]
    public async Task Post_BurstsRacingTheDrainStopping_LosesNothingAndKeepsOrder()
    {
        // Bursts of varying size: the receive thread often publishes just as a drain finds its lane empty and stops.
        const int sources = 8;
        const int perSource = 5_000;
        var drops = new CounterSet<DropReason>();
        var router = new DatagramRouter(drops);
        var listener = new SequenceListener();
        router.AddListener(listener);
        var lanes = new ReceiveLanes(2, 4_096, router, drops, NullLogger.Instance);
        var posted = 0;
        for (var n = 0; n < perSource; n++)
        {
            for (var s = 0; s < sources; s++)
            {
                while (!lanes.Post(Source(s), Numbered(s, n)))
                {
                    Thread.Yield(); // lane full: let the drain catch up (counted as a drop, excluded below)
                }

                posted++;
            }

            if (n % 97 == 0)
            {
                Thread.Yield();
            }
        }

        // Delivery is awaited before completing: CompleteAsync queues a drain itself and would hide a lost wake-up.
        Assert.That(await listener.WaitForAsync(posted, Timeout), Is.True, $"delivered {listener.Total} of {posted} before completion");
        Assert.That(await lanes.CompleteAsync(Timeout), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(listener.Total, Is.EqualTo(sources * perSource));
            Assert.That(listener.OutOfOrder, Is.Zero);
            Assert.That(drops.Total, Is.EqualTo(drops[DropReason.ReceiveQueueFull]));
        });
    }

    [Test]
    public async Task Post_AfterComplete_DropsAndCounts()
    {
        var drops = new CounterSet<DropReason>();
        var lanes = new ReceiveLanes(2, 16, new DatagramRouter(drops), drops, NullLogger.Instance);
        Assert.That(await lanes.CompleteAsync(Timeout), Is.True, "idle lanes complete at once");
        Assert.Multiple(() =>
        {
            Assert.That(lanes.Post(Source(0), Numbered(0, 0)), Is.False);
            Assert.That(drops[DropReason.ReceiveQueueFull], Is.EqualTo(1));
        });
    }

    [Test]
    public void LaneOf_SameSource_AlwaysSameLaneAndSourcesSpread()
    {
        var drops = new CounterSet<DropReason>();
        var lanes = new ReceiveLanes(4, 16, new DatagramRouter(drops), drops, NullLogger.Instance);
        var used = new HashSet<int>();
        for (var i = 0; i < 200; i++)
        {
            var lane = lanes.LaneOf(Source(i));
            Assert.That(lanes.LaneOf(Source(i)), Is.EqualTo(lane));
            used.Add(lane);
        }

        Assert.That(used, Has.Count.EqualTo(4), "200 sources should use all 4 lanes");
    }

    [Test]
    public async Task Post_LaneFull_DropsAndCountsReceiveQueueFull()
    {
        const int capacity = 8;
        const int extra = 5;
        var drops = new CounterSet<DropReason>();
        var router = new DatagramRouter(drops);
        using var blocking = new BlockingListener();
        router.AddListener(blocking);
        var lanes = new ReceiveLanes(1, capacity, router, drops, NullLogger.Instance);

        // The first datagram is taken off the queue by the worker, which then blocks in the listener.
        Assert.That(lanes.Post(Source(0), Numbered(0, 0)), Is.True);
        Assert.That(blocking.Entered.Wait(Timeout), Is.True, "worker never called the listener");

        var accepted = 0;
        for (var i = 1; i <= capacity + extra; i++)
        {
            if (lanes.Post(Source(0), Numbered(0, i)))
            {
                accepted++;
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.EqualTo(capacity));
            Assert.That(drops[DropReason.ReceiveQueueFull], Is.EqualTo(extra));
        });

        blocking.Release.Set();
        Assert.That(await lanes.CompleteAsync(Timeout), Is.True);
        Assert.That(blocking.Count, Is.EqualTo(1 + capacity));
    }

    [Test]
    public async Task OpenAsync_WithReceiveWorkers_DeliversEachSourceInOrderOverLoopback()
    {
        const int clients = 6;
        const int perClient = 300;
        var options = UdpEndpointOptions.IPv4Loopback() with { ReceiveWorkers = 3, ReceiveBufferSize = 4 << 20 };
        await using var endpoint = new UdpEndpoint(options);
        var listener = new SequenceListener();
        endpoint.AddListener(listener);
        await endpoint.OpenAsync();

        var sockets = Enumerable.Range(0, clients).Select(_ =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return socket;
        }).ToArray();
        try
        {
            var target = endpoint.LocalAddress.ToEndPoint();
            for (var n = 0; n < perClient; n++)
            {
                for (var c = 0; c < clients; c++)
                {
                    sockets[c].SendTo(Numbered(c, n), target);
                }
            }

            Assert.That(await listener.WaitForAsync(clients * perClient, Timeout), Is.True, $"received {listener.Total} of {clients * perClient}");
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }

        Assert.That(listener.OutOfOrder, Is.Zero, "a source's datagrams were delivered out of order");
    }

    [Test]
    public void Validate_ReceiveWorkersOutOfRange_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => (UdpEndpointOptions.IPv4Loopback() with { ReceiveWorkers = -1 }).Validate(), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => (UdpEndpointOptions.IPv4Loopback() with { ReceiveWorkers = 65 }).Validate(), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => (UdpEndpointOptions.IPv4Loopback() with { ReceiveQueueCapacity = 0 }).Validate(), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => (UdpEndpointOptions.IPv4Loopback() with { ReceiveWorkers = 0 }).Validate(), Throws.Nothing);
        });
    }

    /// <summary>Releases <see cref="Delivered"/> once per delivery.</summary>
    private sealed class CountingListener : IDatagramListener, IDisposable
    {
        public SemaphoreSlim Delivered { get; } = new(0);

        public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram) => Delivered.Release();

        public void Dispose() => Delivered.Dispose();
    }

    /// <summary>Blocks the worker inside the first delivery until released.</summary>
    private sealed class BlockingListener : IDatagramListener, IDisposable
    {
        private int _count;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public int Count => Volatile.Read(ref _count);

        public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram)
        {
            if (Interlocked.Increment(ref _count) == 1)
            {
                Entered.Set();
                Release.Wait(TimeSpan.FromSeconds(30));
            }
        }

        public void Dispose()
        {
            Entered.Dispose();
            Release.Dispose();
        }
    }
}
