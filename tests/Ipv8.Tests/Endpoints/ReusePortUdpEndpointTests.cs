using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Ipv8.Messaging;

namespace Ipv8.Tests.Endpoints;

public class ReusePortUdpEndpointTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static Socket[] ClientSockets(int count) => [.. Enumerable.Range(0, count).Select(_ =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = 10_000 };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    })];

    [Test]
    public async Task OpenAsync_PortHeldByAnotherShardedEndpoint_TakesTheNextPortInsteadOfJoiningIt()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("SO_REUSEPORT groups are Linux behaviour; elsewhere the endpoint has one shard.");
        }

        await using var first = new ReusePortUdpEndpoint(UdpEndpointOptions.IPv4Loopback(), shards: 2);
        await first.OpenAsync();
        var port = first.LocalAddress.Port;
        await using var second = new ReusePortUdpEndpoint(UdpEndpointOptions.IPv4Loopback(port), shards: 2);
        await using var ephemeral = new ReusePortUdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { BindAttempts = 1 }, shards: 2);

        await second.OpenAsync();
        await ephemeral.OpenAsync();

        Assert.Multiple(() =>
        {
            Assert.That(second.LocalAddress.Port, Is.GreaterThan(port), "a port held by a reuse-port group of the same user counts as in use");
            Assert.That(ephemeral.LocalAddress.Port, Is.Not.EqualTo(port).And.Not.EqualTo(second.LocalAddress.Port));
        });
    }

    [Test]
    public async Task OpenAsync_TwoShardsManySources_SpreadsOverBothAndKeepsEachSourceInOrder()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Ignore("SO_REUSEPORT load balancing is Linux behaviour; elsewhere the endpoint has one shard.");
        }

        const int clients = 32;
        const int perClient = 200;
        await using var endpoint = new ReusePortUdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveBufferSize = 4 << 20 }, shards: 2);
        var listener = new SequenceListener();
        endpoint.AddListener(listener);
        await endpoint.OpenAsync();

        var sockets = ClientSockets(clients);
        try
        {
            var target = endpoint.LocalAddress.ToEndPoint();
            using var deadline = new CancellationTokenSource(Timeout);
            for (var n = 0; n < perClient; n++)
            {
                for (var c = 0; c < clients; c++)
                {
                    sockets[c].SendTo(SequenceListener.Numbered(c, n), target);
                }

                // One round in flight at a time: blasting all 6,400 at once overflows the kernel's socket buffers
                // (net.core.rmem_max caps the 4 MiB asked) whenever a busy machine deschedules a shard, and that loss is
                // not what this test is about.
                while (listener.Total < (n + 1) * clients && !deadline.IsCancellationRequested)
                {
                    await Task.Yield();
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

        var perShard = endpoint.ReceivedPerShard;
        Assert.Multiple(() =>
        {
            Assert.That(listener.OutOfOrder, Is.Zero, "a source's datagrams were delivered out of order");
            Assert.That(perShard, Has.Count.EqualTo(2));
            Assert.That(perShard.Sum(), Is.EqualTo(clients * perClient));

            // The kernel hashes each source to one socket: 32 sources all on one of two sockets has odds 2^-31.
            Assert.That(perShard, Has.All.GreaterThan(0), "every shard should get some of 32 sources");

            // A source's datagrams all go to one shard, so each shard's count is a multiple of perClient.
            Assert.That(perShard.Select(n => n % perClient), Has.All.Zero);
            Assert.That(endpoint.Counters.PacketsIn, Is.EqualTo(clients * perClient));
        });
    }

    [Test]
    public async Task ReceiveLoop_ListenerStalledAndQueueFull_ReadsAheadDropsExcessCountedAndKeepsOrder()
    {
        const int capacity = 8;
        const int extra = 5;
        var options = UdpEndpointOptions.IPv4Loopback() with { ReceiveQueueCapacity = capacity, ReceiveBufferSize = 1 << 20 };
        await using var endpoint = new ReusePortUdpEndpoint(options, shards: 1);
        using var listener = new StallingListener(expected: 1 + capacity);
        endpoint.AddListener(listener);
        await endpoint.OpenAsync();
        using var client = ClientSockets(1)[0];
        var target = endpoint.LocalAddress.ToEndPoint();

        // The shard thread takes datagram 0 and stalls in the listener; the rest wait in the kernel's socket buffer.
        client.SendTo(SequenceListener.Numbered(0, 0), target);
        Assert.That(listener.Entered.Wait(Timeout), Is.True, "the listener was never called");
        for (var n = 1; n <= capacity + extra; n++)
        {
            client.SendTo(SequenceListener.Numbered(0, n), target);
        }

        listener.Release.Set();
        Assert.That(await listener.Done.WaitAsync(Timeout), Is.True);
        Assert.Multiple(() =>
        {
            // After the stall the shard reads all 13 waiting datagrams ahead: 8 fit the queue, 5 are dropped and counted.
            Assert.That(listener.Sequences, Is.EqualTo(Enumerable.Range(0, 1 + capacity)));
            Assert.That(endpoint.Counters.Drops[DropReason.ReceiveQueueFull], Is.EqualTo(extra));
            Assert.That(endpoint.Counters.PacketsIn, Is.EqualTo(1 + capacity + extra));
        });
    }

    [Test]
    public async Task Send_FromListenerOnShardThreads_AnswersFromTheSharedPort()
    {
        const int clients = 8;
        await using var endpoint = new ReusePortUdpEndpoint(UdpEndpointOptions.IPv4Loopback(), shards: 2);
        endpoint.AddListener(new EchoListener(endpoint));
        await endpoint.OpenAsync();
        var sockets = ClientSockets(clients);
        try
        {
            var target = endpoint.LocalAddress.ToEndPoint();
            var buffer = new byte[64];
            for (var c = 0; c < clients; c++)
            {
                sockets[c].SendTo(SequenceListener.Numbered(c, 1), target);
            }

            for (var c = 0; c < clients; c++)
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                var length = sockets[c].ReceiveFrom(buffer, ref from);
                Assert.Multiple(() =>
                {
                    Assert.That(buffer.AsSpan(0, length).ToArray(), Is.EqualTo(SequenceListener.Numbered(c, 1)));
                    Assert.That(((IPEndPoint)from).Port, Is.EqualTo(endpoint.LocalAddress.Port));
                });
            }
        }
        finally
        {
            foreach (var socket in sockets)
            {
                socket.Dispose();
            }
        }

        Assert.That(endpoint.Counters.PacketsOut, Is.EqualTo(clients));
    }

    [Test]
    public async Task Send_AfterClose_ReturnsFalseAndCountsSendFailed()
    {
        var endpoint = new ReusePortUdpEndpoint(UdpEndpointOptions.IPv4Loopback(), shards: 2);
        await endpoint.OpenAsync();
        var address = endpoint.LocalAddress;
        Assert.That(endpoint.IsOpen, Is.True);
        await endpoint.CloseAsync();

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.IsOpen, Is.False);
            Assert.That(endpoint.LocalAddress, Is.EqualTo(address));
            Assert.That(endpoint.Send(address, [1, 2, 3]), Is.False);
            Assert.That(endpoint.Counters.Drops[DropReason.SendFailed], Is.EqualTo(1));
        });
    }

    [Test]
    public async Task OpenAsync_PortHeldByPlainSocket_ThrowsAndLeavesNothingBound()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var endpoint = new ReusePortUdpEndpoint(UdpEndpointOptions.IPv4Loopback(port) with { BindAttempts = 1 }, shards: 2);

        // A socket without SO_REUSEPORT owns its port: the group cannot join it.
        Assert.That(async () => await endpoint.OpenAsync(), Throws.InstanceOf<SocketException>());
        Assert.That(endpoint.IsOpen, Is.False);
        await endpoint.CloseAsync();
    }

    [Test]
    public void Constructor_ShardsOutOfRange_Throws()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ReusePortUdpEndpoint(UdpEndpointOptions.IPv4Loopback(), 0), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(() => new ReusePortUdpEndpoint(UdpEndpointOptions.IPv4Loopback(), ReusePortUdpEndpoint.MaxShards + 1), Throws.TypeOf<ArgumentOutOfRangeException>());
            Assert.That(new ReusePortUdpEndpoint(UdpEndpointOptions.IPv4Loopback(), 1).ShardCount, Is.EqualTo(1));
        });
    }

    /// <summary>Stalls in the first delivery until released, then records the sequence numbers until <c>expected</c> arrived.</summary>
    private sealed class StallingListener(int expected) : IDatagramListener, IDisposable
    {
        private readonly Lock _gate = new();
        private readonly List<int> _sequences = [];
        private readonly TaskCompletionSource<bool> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public Task<bool> Done => _done.Task;

        public IReadOnlyList<int> Sequences
        {
            get
            {
                lock (_gate)
                {
                    return [.. _sequences];
                }
            }
        }

        public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram)
        {
            int count;
            lock (_gate)
            {
                _sequences.Add(BinaryPrimitives.ReadInt32BigEndian(datagram[4..]));
                count = _sequences.Count;
            }

            if (count == 1)
            {
                Entered.Set();
                Release.Wait(TimeSpan.FromSeconds(30));
            }

            if (count >= expected)
            {
                _done.TrySetResult(true);
            }
        }

        public void Dispose()
        {
            Entered.Dispose();
            Release.Dispose();
        }
    }

    /// <summary>Sends every datagram back to its source through the endpoint (on the shard thread that received it).</summary>
    private sealed class EchoListener(IEndpoint endpoint) : IDatagramListener
    {
        public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram) => endpoint.Send(source, datagram);
    }
}
