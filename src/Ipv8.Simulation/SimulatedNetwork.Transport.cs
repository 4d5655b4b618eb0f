using Ipv8.Messaging;

namespace Ipv8.Simulation;

/// <summary>The transport half of <see cref="SimulatedNetwork"/>: putting datagrams on the wire and delivering them.</summary>
public sealed partial class SimulatedNetwork
{
    private readonly DeliveryEvent _delivery;
    private readonly Stack<int> _freeSlots = new();
    private InFlightDatagram[] _slots = new InFlightDatagram[256];
    private int _slotsUsed;
    private int _inFlight;

    /// <summary>Gets the number of datagrams on the wire (sent, neither delivered nor dropped yet).</summary>
    public int InFlight => _inFlight;

    /// <summary>Puts one datagram from <paramref name="sender"/> on the wire (the endpoint has checked size, state and family).</summary>
    internal void Transmit(SimulatedEndpoint sender, UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        var now = Clock.NowTicks;
        if (Options.BroadcastAddress is { } broadcast && destination.HasSameIp(broadcast))
        {
            Broadcast(sender, destination, datagram, now);
            return;
        }

        var source = sender.Address;
        if (sender.Nat is { } nat && !nat.ContainsPrivate(destination)
            && !nat.TryTranslateOutbound(source, destination, now, out source))
        {
            Counters.CountSent();
            Counters.CountDropped(SimulatedDropReason.NatPortsExhausted);
            return;
        }

        Put(source, destination, null, datagram, now);
    }

    private void Broadcast(SimulatedEndpoint sender, UdpAddress destination, ReadOnlySpan<byte> datagram, long now)
    {
        if (!_byPort.TryGetValue(destination.Port, out var receivers) || receivers.Count == 0)
        {
            Counters.CountSent();
            Counters.CountDropped(SimulatedDropReason.Unreachable);
            return;
        }

        foreach (var receiver in receivers)
        {
            Put(sender.Address, destination, receiver, datagram, now);
        }
    }

    private void Put(UdpAddress source, UdpAddress destination, SimulatedEndpoint? target, ReadOnlySpan<byte> datagram, long now)
    {
        Counters.CountSent();
        if (Options.LossProbability > 0 && _random.NextDouble() < Options.LossProbability)
        {
            Counters.CountDropped(SimulatedDropReason.Lost);
            return;
        }

        if (_inFlight >= Options.MaxInFlight)
        {
            Counters.CountDropped(SimulatedDropReason.QueueFull);
            return;
        }

        var latency = _latencySpan == 0 ? _minLatency : _minLatency + _random.NextInt64(_latencySpan + 1);
        var buffer = _buffers.Rent(Math.Max(datagram.Length, 1));
        datagram.CopyTo(buffer);
        var slot = AllocateSlot();
        _slots[slot] = new InFlightDatagram(buffer, datagram.Length, source, destination, target);
        _inFlight++;
        Clock.Schedule(now + latency, _delivery, slot);
    }

    private int AllocateSlot()
    {
        if (_freeSlots.TryPop(out var slot))
        {
            return slot;
        }

        if (_slotsUsed == _slots.Length)
        {
            Array.Resize(ref _slots, _slots.Length * 2);
        }

        return _slotsUsed++;
    }

    private void Arrive(int slot)
    {
        var datagram = _slots[slot];
        _slots[slot] = default;
        _freeSlots.Push(slot);
        _inFlight--;
        try
        {
            var reason = Resolve(datagram, out var target);
            if (reason is { } dropped)
            {
                Counters.CountDropped(dropped);
                return;
            }

            Counters.CountDelivered(datagram.Length);
            target!.Receive(datagram.Source, datagram.Buffer.AsSpan(0, datagram.Length));
        }
        finally
        {
            _buffers.Return(datagram.Buffer);
        }
    }

    private SimulatedDropReason? Resolve(in InFlightDatagram datagram, out SimulatedEndpoint? target)
    {
        target = datagram.Target;
        if (target is null)
        {
            var destination = datagram.Destination;
            var translated = false;
            if (_natsByIp.TryGetValue(destination.IPv4Value, out var nat))
            {
                var refused = nat.TryTranslateInbound(datagram.Source, destination.Port, Clock.NowTicks, out destination);
                if (refused is not null)
                {
                    return refused;
                }

                translated = true;
            }

            if (!_endpoints.TryGetValue(destination, out target)
                || (!translated && target.Nat is { } targetNat && !targetNat.ContainsPrivate(datagram.Source)))
            {
                return SimulatedDropReason.Unreachable;
            }
        }

        return target.IsOpen ? null : SimulatedDropReason.EndpointClosed;
    }

    private readonly record struct InFlightDatagram(
        byte[] Buffer, int Length, UdpAddress Source, UdpAddress Destination, SimulatedEndpoint? Target);

    private sealed class DeliveryEvent(SimulatedNetwork network) : IVirtualEvent
    {
        public void Fire(long argument) => network.Arrive((int)argument);

        public bool IsLive(long argument) => true;
    }
}
