using Ipv8.Messaging;

namespace Ipv8.Simulation;

/// <summary>
/// An <see cref="IEndpoint"/> on a <see cref="SimulatedNetwork"/>: the same contract and the same
/// <see cref="DatagramRouter"/> as the real <c>UdpEndpoint</c>, so production code runs unchanged on it.
/// Created by <see cref="SimulatedNetwork.CreateEndpoint(SimulatedHostOptions?)"/>.
/// </summary>
/// <remarks>
/// <para>IPv4 only. Listeners are called on the thread advancing the network's <see cref="VirtualClock"/>.</para>
/// <para>Lifecycle: closed until <see cref="OpenAsync"/>; a closed (stopped) endpoint neither sends nor
/// receives (datagrams arriving meanwhile are dropped as <see cref="SimulatedDropReason.EndpointClosed"/>) and
/// may be opened again at the same address. Disposing it releases the address for good.</para>
/// </remarks>
public sealed class SimulatedEndpoint : IEndpoint
{
    private readonly SimulatedNetwork _network;
    private bool _open;
    private bool _everOpened;
    private bool _disposed;

    internal SimulatedEndpoint(SimulatedNetwork network, UdpAddress address, SimulatedNat? nat)
    {
        _network = network;
        Address = address;
        Nat = nat;
        Router = new DatagramRouter(Counters.Drops);
    }

    /// <summary>Gets the network this endpoint lives on.</summary>
    public SimulatedNetwork Network => _network;

    /// <summary>Gets the address the endpoint is bound to (a private address when behind a NAT), open or not.</summary>
    public UdpAddress Address { get; }

    /// <summary>Gets the NAT in front of this host, or null for a public host.</summary>
    public SimulatedNat? Nat { get; }

    /// <inheritdoc/>
    public bool IsOpen => _open;

    /// <inheritdoc/>
    /// <remarks><see cref="Address"/> once opened at least once.</remarks>
    public UdpAddress LocalAddress => _everOpened ? Address : UdpAddress.Zero;

    /// <inheritdoc/>
    public EndpointCounters Counters { get; } = new();

    /// <summary>Gets the router that demultiplexes this endpoint's datagrams.</summary>
    public DatagramRouter Router { get; }

    /// <inheritdoc/>
    /// <exception cref="ObjectDisposedException">The endpoint was disposed.</exception>
    public ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        _open = true;
        _everOpened = true;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public ValueTask CloseAsync()
    {
        _open = false;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>Closes the endpoint and frees its address on the network.</remarks>
    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            _open = false;
            _network.Remove(this);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// True when the datagram was put on the simulated wire (it may still be lost or filtered, as on a real
    /// network); false when the endpoint is closed, the destination is IPv6 or the datagram is too large.
    /// </remarks>
    public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length > EndpointCounters.MaxSendSize)
        {
            Counters.Drops.Increment(DropReason.SendTooLarge);
            return false;
        }

        if (!_open || destination.IsIPv6)
        {
            Counters.Drops.Increment(DropReason.SendFailed);
            return false;
        }

        Counters.CountOut(datagram.Length);
        _network.Transmit(this, destination, datagram);
        return true;
    }

    /// <inheritdoc/>
    public void AddListener(IDatagramListener listener) => Router.AddListener(listener);

    /// <inheritdoc/>
    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => Router.AddPrefixListener(prefix, listener);

    /// <inheritdoc/>
    public void RemoveListener(IDatagramListener listener) => Router.RemoveListener(listener);

    /// <inheritdoc/>
    public override string ToString() => Nat is null ? Address.ToString() : $"{Address} behind {Nat.Type} {Nat.PublicAddress.ToString()[..^2]}";

    /// <summary>Hands one arriving datagram to the listeners.</summary>
    internal void Receive(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        Counters.CountIn(datagram.Length);
        Router.Deliver(source, datagram);
    }
}
