using Ipv8.Messaging;

namespace Ipv8.Tests.Endpoints;

public class UdpReceiveLoopTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [TestCase(0)]
    [TestCase(2)]
    public async Task Add_ManyEndpointsOnOneLoop_EveryEndpointReceivesItsOwnDatagrams(int workers)
    {
        const int endpoints = 40;
        const int perEndpoint = 5;
        var loop = new UdpReceiveLoop();
        var options = UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = loop, ReceiveWorkers = workers };
        var receivers = Enumerable.Range(0, endpoints).Select(_ => new UdpEndpoint(options)).ToList();
        await using var sender = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = new UdpReceiveLoop() });
        var listeners = new List<RecordingListener>();
        try
        {
            await sender.OpenAsync();
            foreach (var receiver in receivers)
            {
                await receiver.OpenAsync();
                var listener = new RecordingListener(until: count => count >= perEndpoint);
                receiver.AddListener(listener);
                listeners.Add(listener);
            }

            Assert.That(loop.Count, Is.EqualTo(endpoints));
            for (var i = 0; i < perEndpoint; i++)
            {
                for (var e = 0; e < endpoints; e++)
                {
                    Assert.That(sender.Send(receivers[e].LocalAddress, [(byte)e, (byte)i]), Is.True);
                }
            }

            await Task.WhenAll(listeners.Select(l => l.Done)).WaitAsync(Wait);
            Assert.Multiple(() =>
            {
                for (var e = 0; e < endpoints; e++)
                {
                    Assert.That(listeners[e].Received.Select(r => r.Data[0]), Is.All.EqualTo((byte)e), $"endpoint {e} got another's datagram");
                    Assert.That(receivers[e].Counters.PacketsIn, Is.EqualTo(perEndpoint));
                }
            });
        }
        finally
        {
            foreach (var receiver in receivers)
            {
                await receiver.DisposeAsync();
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(loop.Count, Is.Zero);
            Assert.That(loop.IsRunning, Is.False, "the loop's thread ends with its last socket");
        });
    }

    [TestCase(0)]
    [TestCase(2)]
    public async Task Drain_ManySourcesInterleaved_OrderKeptPerSource(int workers)
    {
        const int sources = 4;
        const int perSource = 500;
        var loop = new UdpReceiveLoop();
        await using var receiver = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = loop, ReceiveWorkers = workers });
        await receiver.OpenAsync();
        var listener = new RecordingListener(until: count => count >= sources * perSource);
        receiver.AddListener(listener);
        var senders = new List<UdpEndpoint>();
        try
        {
            for (var s = 0; s < sources; s++)
            {
                // The senders share another loop: they receive nothing, but their sockets are registered and polled too.
                var sender = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = loop });
                await sender.OpenAsync();
                senders.Add(sender);
            }

            for (var i = 0; i < perSource; i++)
            {
                for (var s = 0; s < sources; s++)
                {
                    Assert.That(senders[s].Send(receiver.LocalAddress, BitConverter.GetBytes(i)), Is.True);
                }

                if (i % 50 == 49)
                {
                    // Stay well inside the socket's receive buffer: this test is about order, not overload.
                    await WaitForAsync(() => receiver.Counters.PacketsIn >= (i + 1) * sources);
                }
            }

            await listener.Done.WaitAsync(Wait);
        }
        finally
        {
            foreach (var sender in senders)
            {
                await sender.DisposeAsync();
            }
        }

        var received = listener.Received;
        Assert.Multiple(() =>
        {
            foreach (var sender in senders)
            {
                var sequence = received.Where(r => r.Source == sender.LocalAddress).Select(r => BitConverter.ToInt32(r.Data)).ToList();
                Assert.That(sequence, Is.EqualTo(Enumerable.Range(0, perSource)), $"order of {sender.LocalAddress}");
            }
        });
    }

    [Test]
    public async Task CloseAsync_LoopStillServesOthers_ClosedEndpointGetsNothingMore()
    {
        var loop = new UdpReceiveLoop();
        var options = UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = loop, ReceiveWorkers = 0 };
        await using var sender = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = new UdpReceiveLoop() });
        await using var kept = new UdpEndpoint(options);
        var closed = new UdpEndpoint(options);
        await sender.OpenAsync();
        await kept.OpenAsync();
        await closed.OpenAsync();
        var atKept = new RecordingListener(until: count => count >= 2);
        var atClosed = new RecordingListener();
        kept.AddListener(atKept);
        closed.AddListener(atClosed);
        var closedAddress = closed.LocalAddress;

        sender.Send(closedAddress, [1]);
        sender.Send(kept.LocalAddress, [1]);
        await atClosed.Done.WaitAsync(Wait);
        await closed.DisposeAsync();
        sender.Send(closedAddress, [2]);
        sender.Send(kept.LocalAddress, [2]);
        await atKept.Done.WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(loop.Count, Is.EqualTo(1));
            Assert.That(loop.IsRunning, Is.True);
            Assert.That(closed.IsOpen, Is.False);
            Assert.That(atClosed.Received, Has.Count.EqualTo(1), "nothing is delivered after CloseAsync returned");
            Assert.That(atKept.Received.Select(r => r.Data[0]), Is.EqualTo(new byte[] { 1, 2 }));
        });
    }

    [Test]
    public async Task DisposeAsync_LastEndpoint_StopsTheLoopThread()
    {
        var loop = new UdpReceiveLoop();
        var endpoint = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = loop });
        await endpoint.OpenAsync();
        Assert.That(loop.IsRunning, Is.True);

        await endpoint.DisposeAsync();

        // The thread ends right after it saw the removal; the removal itself is acknowledged by that thread before it ends.
        await WaitForAsync(() => !loop.IsRunning);
        Assert.Multiple(() =>
        {
            Assert.That(loop.Count, Is.Zero);
            Assert.That(loop.IsRunning, Is.False);
        });

        // And the loop starts again for a later endpoint.
        await using var again = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = loop });
        await again.OpenAsync();
        await using var sender = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = new UdpReceiveLoop() });
        await sender.OpenAsync();
        var listener = new RecordingListener();
        again.AddListener(listener);
        sender.Send(again.LocalAddress, [7]);
        await listener.Done.WaitAsync(Wait);
        Assert.That(loop.IsRunning, Is.True);
    }

    [Test]
    public async Task Dispose_SocketStillRegistered_ThreadEndsAndLaterSocketsRefused()
    {
        var loop = new UdpReceiveLoop();
        await using var endpoint = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = loop });
        await endpoint.OpenAsync();
        Assert.That(loop.IsRunning, Is.True);

        loop.Dispose();

        await WaitForAsync(() => !loop.IsRunning);
        await using var later = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = loop });
        Assert.Multiple(() =>
        {
            Assert.That(loop.Count, Is.Zero);
            Assert.That(async () => await later.OpenAsync(), Throws.InstanceOf<ObjectDisposedException>());
            Assert.That(later.IsOpen, Is.False, "the refused socket was closed again");
        });
        Assert.That(async () => await endpoint.CloseAsync(), Throws.Nothing, "closing after the loop is gone still works");
    }

    [Test]
    public async Task OpenAsync_NoLoopGiven_PrivateLoopReceivesAndItsThreadEndsOnClose()
    {
        if (!Directory.Exists("/proc/self/task"))
        {
            Assert.Ignore("counts threads by name in /proc/self/task (Linux only)");
        }

        var before = ReceiveThreads();
        var endpoint = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveWorkers = 0 });
        await endpoint.OpenAsync();
        await using var sender = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = new UdpReceiveLoop() });
        await sender.OpenAsync();
        var listener = new RecordingListener();
        endpoint.AddListener(listener);
        sender.Send(endpoint.LocalAddress, [9]);
        await listener.Done.WaitAsync(Wait);
        var open = ReceiveThreads();

        await endpoint.CloseAsync();

        await WaitForAsync(() => ReceiveThreads() < open);
        Assert.Multiple(() =>
        {
            Assert.That(open, Is.GreaterThan(before), "the endpoint's private loop runs a thread while it is open");
            Assert.That(listener.Received.Select(r => r.Data[0]), Is.EqualTo(new byte[] { 9 }));
        });
    }

    private static int ReceiveThreads() => Directory.EnumerateDirectories("/proc/self/task").Count(task =>
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).Trim() == "UDP receive";
        }
        catch (IOException)
        {
            return false; // the thread ended meanwhile
        }
    });

    [Test]
    public async Task Receive_EndpointClosing_DatagramDroppedAndCounted()
    {
        var loop = new UdpReceiveLoop();
        await using var endpoint = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = loop, ReceiveWorkers = 0 });
        await endpoint.OpenAsync();
        var listener = new RecordingListener();
        endpoint.AddListener(listener);
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        var registration = new UdpEndpoint.Registration(endpoint, socket, null) { IsRemoved = true };

        // What the loop does with a datagram it read just as the endpoint began to close.
        endpoint.Receive(registration, [1, 2, 3]);

        Assert.Multiple(() =>
        {
            Assert.That(endpoint.Counters.Drops[DropReason.EndpointClosed], Is.EqualTo(1));
            Assert.That(endpoint.Counters.PacketsIn, Is.Zero);
            Assert.That(listener.Received, Is.Empty);
        });
    }

    [Test]
    public async Task CloseAsync_FromListenerOnLoopThread_ReturnsAndLoopContinues()
    {
        var loop = new UdpReceiveLoop();
        var options = UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = loop, ReceiveWorkers = 0 };
        await using var sender = new UdpEndpoint(UdpEndpointOptions.IPv4Loopback() with { ReceiveLoop = new UdpReceiveLoop() });
        await using var other = new UdpEndpoint(options);
        var closing = new UdpEndpoint(options);
        await sender.OpenAsync();
        await other.OpenAsync();
        await closing.OpenAsync();
        var closedInside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        closing.AddListener(new ClosingListener(closing, closedInside));
        var atOther = new RecordingListener();
        other.AddListener(atOther);

        sender.Send(closing.LocalAddress, [1]);
        await closedInside.Task.WaitAsync(Wait);
        sender.Send(other.LocalAddress, [2]);
        await atOther.Done.WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(closing.IsOpen, Is.False);
            Assert.That(loop.Count, Is.EqualTo(1));
        });
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail("condition not met within " + Wait);
            }

            await Task.Delay(5);
        }
    }

    private sealed class ClosingListener(UdpEndpoint endpoint, TaskCompletionSource closed) : IDatagramListener
    {
        public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram)
        {
            // A handler that closes its own endpoint on the loop's thread must neither deadlock nor stop the loop.
            endpoint.CloseAsync().AsTask().GetAwaiter().GetResult();
            closed.TrySetResult();
        }
    }
}
