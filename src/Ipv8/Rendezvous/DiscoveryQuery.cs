using System.Threading.Channels;
using Ipv8.Messaging;
using Ipv8.Peers;

namespace Ipv8.Rendezvous;

/// <summary>The <see cref="IDiscoveryQuery"/> of a <see cref="DiscoveryManager"/>; also the sink its interfaces report to.</summary>
internal sealed class DiscoveryQuery(DiscoveryManager manager, string ns) : IDiscoveryQuery, IDiscoverySink
{
    private readonly object _lock = new();
    private readonly Channel<DiscoveredPeer> _found = Channel.CreateUnbounded<DiscoveredPeer>(new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private ITimer? _timer;
    private int _emptyAsks;
    private bool _stopped;

    public string Namespace { get; } = ns;

    public int Found
    {
        get
        {
            lock (_lock)
            {
                return _seen.Count;
            }
        }
    }

    public bool IsStopped => Volatile.Read(ref _stopped);

    public void Start()
    {
        var timer = manager.TimeProvider.CreateTimer(_ => AskAgain(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        lock (_lock)
        {
            _timer = timer;
        }

        AskAll();
        timer.Change(NextDelay(), Timeout.InfiniteTimeSpan);
    }

    /// <summary>The wait before the next ask: doubling from the empty retry interval while nobody was found, else the request interval.</summary>
    private TimeSpan NextDelay()
    {
        var options = manager.Options;
        if (Found > 0)
        {
            return options.RequestInterval;
        }

        var doubled = options.EmptyRetryInterval * Math.Pow(2, Math.Min(_emptyAsks++, 20));
        return doubled < options.RequestInterval ? doubled : options.RequestInterval;
    }

    private void AskAgain()
    {
        AskAll();
        lock (_lock)
        {
            // Under the lock Stop takes the timer away in: a stopped query's timer is never changed after its disposal.
            if (!IsStopped && _timer is { } timer)
            {
                timer.Change(NextDelay(), Timeout.InfiniteTimeSpan);
            }
        }
    }

    public ValueTask<DiscoveredPeer> GetPeerAsync(CancellationToken cancellationToken = default)
    {
        var read = _found.Reader.ReadAsync(cancellationToken);
        return read.IsCompletedSuccessfully ? read : AwaitAsync(read);
    }

    public bool TryGetPeer(out DiscoveredPeer? peer) => _found.Reader.TryRead(out peer);

    public async IAsyncEnumerator<DiscoveredPeer> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        await foreach (var peer in _found.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return peer;
        }
    }

    public void Stop()
    {
        ITimer? timer;
        lock (_lock)
        {
            if (_stopped)
            {
                return;
            }

            Volatile.Write(ref _stopped, true);
            timer = _timer;
            _timer = null;
        }

        timer?.Dispose();
        _found.Writer.TryComplete();
        manager.Forget(this);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }

    public void OnRecord(SignedPeerRecord record, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (IsStopped)
        {
            return;
        }

        if (record.Check(manager.KeyParser, manager.TimeProvider.GetUtcNow(), Namespace, out var key) != RecordProblem.None)
        {
            manager.CountRefused();
            return;
        }

        Offer(new DiscoveredPeer(key!, record.Addresses, Namespace, interfaceName));
    }

    public void OnVerifiedPeer(Peer peer, string ns, string interfaceName)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (IsStopped || !string.Equals(ns, Namespace, StringComparison.Ordinal))
        {
            return;
        }

        var addresses = new List<UdpAddress>(3);
        peer.ForEachAddress(addresses, static (list, address) => list.Add(address));
        Offer(new DiscoveredPeer(peer.PublicKey, addresses, Namespace, interfaceName));
    }

    private static async ValueTask<DiscoveredPeer> AwaitAsync(ValueTask<DiscoveredPeer> read)
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new InvalidOperationException("The query was stopped and every peer found was handed out.", ex);
        }
    }

    private void Offer(DiscoveredPeer peer)
    {
        if (manager.OwnKey is { } own && own.Equals(peer.PublicKey))
        {
            return;
        }

        lock (_lock)
        {
            var id = peer.PublicKey.MidHex;
            if (_stopped || _seen.Contains(id))
            {
                return;
            }

            if (_seen.Count >= manager.Options.MaxPeersPerQuery)
            {
                manager.CountOverLimit();
                return;
            }

            _seen.Add(id);
            _found.Writer.TryWrite(peer);
        }
    }

    private void AskAll()
    {
        if (IsStopped)
        {
            return;
        }

        foreach (var discovery in manager.Interfaces)
        {
            if (discovery.CanRequest)
            {
                discovery.Request(Namespace, this);
            }
        }
    }
}
