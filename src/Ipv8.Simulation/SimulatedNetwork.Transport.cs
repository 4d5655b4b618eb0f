using Ipv8.Messaging;

namespace Ipv8.Simulation;

/// <summary>The transport half of <see cref="SimulatedNetwork"/>: putting datagrams on the wire and delivering them.</summary>
public sealed partial class SimulatedNetwork
{
    private readonly DeliveryEvent _delivery;
    private readonly Stack<int> _freeSlots = new();
    private InFlightDatagram[] _slots = new InFlightDatagram[256];
    private InFlightVerdict[] _slotVerdicts = new InFlightVerdict[256];
    private int[] _batch = [];
    private int _slotsUsed;
    private int _inFlight;

    /// <summary>Gets the number of datagrams on the wire (sent, neither delivered nor dropped yet).</summary>
    public int InFlight => _inFlight;

    /// <summary>
    /// Gets or sets what the network knows about signatures (set by <see cref="SimulatedSwarm"/>): with a parallelism above
    /// one, the signatures of in-flight datagrams are verified ahead of delivery on that many workers, and each delivery
    /// hands its verdict to the receiver's key; deliveries still run one at a time, in the same order.
    /// </summary>
    internal SignatureVerdicts? Verdicts { get; set; }

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
        _slotVerdicts[slot] = InFlightVerdict.Unknown;
        _inFlight++;
        Verdicts?.EnsureMemoCapacity(2 * _inFlight);
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
            Array.Resize(ref _slotVerdicts, _slots.Length);
        }

        return _slotsUsed++;
    }

    private void Arrive(int slot)
    {
        var verdicts = Verdicts;
        if (verdicts is { Parallelism: > 1 } && _slotVerdicts[slot] == InFlightVerdict.Unknown)
        {
            PreverifyInFlight(verdicts);
        }

        var datagram = _slots[slot];
        var verdict = _slotVerdicts[slot];
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
            if (verdicts is not null && verdict is InFlightVerdict.Valid or InFlightVerdict.Invalid)
            {
                verdicts.BeginDelivery(datagram.Buffer, datagram.Length, verdict == InFlightVerdict.Valid);
            }

            target!.Receive(datagram.Source, datagram.Buffer.AsSpan(0, datagram.Length));
        }
        finally
        {
            verdicts?.EndDelivery();
            _buffers.Return(datagram.Buffer);
        }
    }

    /// <summary>
    /// Verifies every in-flight datagram not verified yet, on up to <see cref="SignatureVerdicts.Parallelism"/> workers.
    /// A verdict depends only on the datagram's bytes, which do not change on the wire, so computing it early and in any
    /// order gives the verdict verification on delivery would give; deliveries themselves keep their order.
    /// </summary>
    private void PreverifyInFlight(SignatureVerdicts verdicts)
    {
        if (_batch.Length < _slotsUsed)
        {
            _batch = new int[_slots.Length];
        }

        // First the memo (cheap, on this thread); what it does not know goes to the workers.
        var count = 0;
        var slots = _slots;
        var results = _slotVerdicts;
        for (var i = 0; i < _slotsUsed; i++)
        {
            if (results[i] == InFlightVerdict.Unknown && slots[i].Buffer is { } buffer)
            {
                var quick = verdicts.Preverify(buffer.AsSpan(0, slots[i].Length), memoOnly: true);
                if (quick == InFlightVerdict.Unknown)
                {
                    _batch[count++] = i;
                }
                else
                {
                    results[i] = quick;
                }
            }
        }

        var batch = _batch;
        if (count < 2 * verdicts.Parallelism)
        {
            for (var k = 0; k < count; k++)
            {
                var i = batch[k];
                results[i] = verdicts.Preverify(slots[i].Buffer.AsSpan(0, slots[i].Length), memoOnly: false);
            }

            return;
        }

        // Contiguous ranges, one per worker and a few more for balance: each slot is written by exactly one worker.
        var ranges = Math.Min(count, verdicts.Parallelism * 4);
        Parallel.For(0, ranges, new ParallelOptions { MaxDegreeOfParallelism = verdicts.Parallelism }, r =>
        {
            var end = (int)((long)count * (r + 1) / ranges);
            for (var k = (int)((long)count * r / ranges); k < end; k++)
            {
                var i = batch[k];
                results[i] = verdicts.Preverify(slots[i].Buffer.AsSpan(0, slots[i].Length), memoOnly: false);
            }
        });
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
