using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Messaging;

/// <summary>
/// One receive thread and one 65 535-byte buffer for any number of <see cref="UdpEndpoint"/> sockets: the thread waits on
/// all of them at once (<see cref="Socket.Select(System.Collections.IList?, System.Collections.IList?, System.Collections.IList?, int)"/>,
/// poll on Linux), reads each readable socket without blocking into the shared buffer and hands every datagram to its
/// endpoint, which delivers it exactly as it would from a thread of its own (inline with no receive workers, else to its
/// <see cref="ReceiveLanes"/>).
/// </summary>
/// <remarks>
/// <para>Why: a thread (stack, guard pages, kernel task) and a pinned 64 KB buffer per socket cost ≈ 60 KB of RSS per
/// endpoint, the largest part of what an extra <c>instances: N</c> peer cost in one process. A loop serving every socket
/// costs one thread and one buffer per process; a socket costs a registration (≈ 100 bytes).</para>
/// <para>Lifetime: the thread starts when the first socket is added and ends when the last is removed, so an idle loop holds
/// no thread. Whoever creates a loop owns it and disposes it after its endpoints are closed: the launcher's endpoint factory
/// (<c>Launcher.Hosting.UdpEndpointFactory</c>) owns one loop for every socket of its host service (all <c>instances: N</c>
/// and the hosted tracker); a <see cref="UdpEndpoint"/> whose <see cref="UdpEndpointOptions.ReceiveLoop"/> names none owns a
/// private loop for its one socket. A small loopback socket wakes the thread when sockets are added or removed.</para>
/// <para>Order and fairness: datagrams of one socket are read and handed on in the order the kernel queued them; a readable
/// socket is read up to <see cref="DrainBudget"/> datagrams per round before the next readable socket, so a flooded socket
/// cannot starve the others. With receive workers = 0 every endpoint's listeners run on this one thread, one datagram at a
/// time (give an endpoint its own loop to let it use a core of its own).</para>
/// <para>Failures: a socket error on one socket is counted and logged by its endpoint, never ends the loop; removing a socket
/// (<see cref="UdpEndpoint.CloseAsync"/>) waits until the thread no longer reads it, so nothing is delivered after that.</para>
/// </remarks>
public sealed class UdpReceiveLoop : IDisposable
{
    /// <summary>The most datagrams read from one readable socket before the next readable socket gets its turn.</summary>
    public const int DrainBudget = 64;

    private static readonly byte[] WakeByte = [1];
    private readonly Lock _gate = new();
    private readonly List<UdpEndpoint.Registration> _registrations = [];
    private readonly List<TaskCompletionSource> _removals = [];
    private readonly ILogger _logger;
    private Socket? _wake;
    private Thread? _thread;
    private volatile bool _changed;
    private int _wakePending;
    private bool _disposed;

    /// <summary>Creates a loop with no thread; the thread starts with the first socket.</summary>
    /// <param name="logger">Receives wake-up and poll failures; none when null.</param>
    public UdpReceiveLoop(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Gets the number of sockets being received from.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _registrations.Count;
            }
        }
    }

    /// <summary>Gets a value indicating whether the loop's thread is running (true while any socket is registered).</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _thread is not null;
            }
        }
    }

    /// <summary>Starts receiving from <paramref name="registration"/>'s socket, starting the thread when it is the first.</summary>
    /// <exception cref="SocketException">The thread's wake-up socket could not be created (no loopback interface).</exception>
    /// <exception cref="ObjectDisposedException">The loop was disposed.</exception>
    internal void Add(UdpEndpoint.Registration registration)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_thread is null)
            {
                _wake = CreateWakeSocket();
                Volatile.Write(ref _wakePending, 0); // a wake byte the last thread never read died with its socket
                _registrations.Add(registration);
                _changed = true;
                _thread = new Thread(Run) { IsBackground = true, Name = "UDP receive" };
                _thread.Start(_wake);
                return;
            }

            _registrations.Add(registration);
            _changed = true;
        }

        Wake();
    }

    /// <summary>
    /// Stops receiving from <paramref name="registration"/>'s socket. The task completes once the thread no longer reads
    /// it (at once when called on the loop's own thread, or when the socket was not registered).
    /// </summary>
    internal Task RemoveAsync(UdpEndpoint.Registration registration)
    {
        registration.IsRemoved = true;
        lock (_gate)
        {
            if (!_registrations.Remove(registration) || _thread is null)
            {
                return Task.CompletedTask;
            }

            _changed = true;
            if (ReferenceEquals(Thread.CurrentThread, _thread))
            {
                // A listener closing its endpoint on this thread: the loop checks IsRemoved before every read, and the
                // snapshot is refreshed before the next poll.
                return Task.CompletedTask;
            }

            var removed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _removals.Add(removed);
            Wake();
            return removed.Task;
        }
    }

    /// <summary>
    /// Stops the loop: it accepts no more sockets, stops reading the sockets still registered (their endpoints should have
    /// been closed first; a datagram they receive afterwards stays in the kernel) and lets its thread end. Returns without
    /// waiting for the thread. Idempotent.
    /// </summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_registrations.Count == 0)
            {
                return;
            }

            foreach (var registration in _registrations)
            {
                registration.IsRemoved = true;
            }

            _registrations.Clear();
            _changed = true;
        }

        // The thread sees no registration left and ends (disposing its wake-up socket).
        Wake();
    }

    private static Socket CreateWakeSocket()
    {
        // A socket connected to itself: one byte sent to it makes the poll return. Loopback only.
        foreach (var loopback in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            var socket = new Socket(loopback.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(new IPEndPoint(loopback, 0));
                socket.Connect(socket.LocalEndPoint!);
                socket.Blocking = false;
                return socket;
            }
            catch (SocketException) when (loopback.AddressFamily == AddressFamily.InterNetwork)
            {
                socket.Dispose();
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw new SocketException((int)SocketError.AddressNotAvailable);
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) != 0)
        {
            return;
        }

        Socket? wake;
        lock (_gate)
        {
            wake = _wake;
        }

        try
        {
            wake?.Send(WakeByte);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The thread is ending (it re-reads the registrations before ending) or the send failed; unmark so a later change retries.
            Volatile.Write(ref _wakePending, 0);
            UdpReceiveLoopLog.WakeFailed(_logger, ex);
        }
    }

    private void Run(object? state)
    {
        var wake = (Socket)state!;
        var buffer = GC.AllocateUninitializedArray<byte>(EndpointCounters.MaxReceiveSize, pinned: true);
        var snapshot = Array.Empty<UdpEndpoint.Registration>();
        var bySocket = new Dictionary<Socket, UdpEndpoint.Registration>(ReferenceEqualityComparer.Instance);
        var readable = new List<Socket>();
        while (true)
        {
            if (_changed)
            {
                List<TaskCompletionSource> removed;
                lock (_gate)
                {
                    _changed = false;
                    removed = [.. _removals];
                    _removals.Clear();
                    if (_registrations.Count == 0)
                    {
                        _thread = null;
                        _wake = null;
                        wake.Dispose();
                        Complete(removed);
                        return;
                    }

                    snapshot = [.. _registrations];
                }

                bySocket.Clear();
                foreach (var registration in snapshot)
                {
                    bySocket[registration.Socket] = registration;
                }

                // The thread reads none of the removed sockets from here on.
                Complete(removed);
            }

            readable.Clear();
            readable.Add(wake);
            foreach (var registration in snapshot)
            {
                if (!registration.IsRemoved)
                {
                    readable.Add(registration.Socket);
                }
            }

            try
            {
                Socket.Select(readable, null, null, -1);
            }
            catch (ObjectDisposedException)
            {
                // A socket was disposed without being removed first (its endpoint's close timed out): wait for its removal.
                MarkDisposed(snapshot);
                continue;
            }
            catch (SocketException ex)
            {
                UdpReceiveLoopLog.PollFailed(_logger, ex.SocketErrorCode);
                MarkDisposed(snapshot);
                continue;
            }

            foreach (var socket in readable)
            {
                if (ReferenceEquals(socket, wake))
                {
                    Volatile.Write(ref _wakePending, 0);
                    DrainWake(wake, buffer);
                }
                else if (bySocket.TryGetValue(socket, out var registration))
                {
                    registration.Endpoint.Drain(registration, buffer, DrainBudget);
                }
            }
        }
    }

    private static void Complete(List<TaskCompletionSource> removed)
    {
        foreach (var done in removed)
        {
            done.TrySetResult();
        }
    }

    private static void DrainWake(Socket wake, byte[] buffer)
    {
        try
        {
            do
            {
                wake.Receive(buffer);
            }
            while (wake.Available > 0);
        }
        catch (SocketException)
        {
            // WouldBlock: nothing more queued.
        }
    }

    private static void MarkDisposed(UdpEndpoint.Registration[] snapshot)
    {
        foreach (var registration in snapshot)
        {
            try
            {
                _ = registration.Socket.Available;
            }
            catch (ObjectDisposedException)
            {
                registration.IsRemoved = true;
            }
            catch (SocketException)
            {
                registration.IsRemoved = true;
            }
        }
    }
}
