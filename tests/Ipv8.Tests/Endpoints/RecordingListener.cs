using Ipv8.Messaging;

namespace Ipv8.Tests.Endpoints;

/// <summary>Records every datagram it receives (thread-safe) and completes a task on the first one matching a condition.</summary>
internal sealed class RecordingListener : IDatagramListener
{
    private readonly Lock _gate = new();
    private readonly List<(UdpAddress Source, byte[] Data)> _received = [];
    private readonly Func<int, bool> _until;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RecordingListener(string name = "listener", Func<int, bool>? until = null)
    {
        Name = name;
        _until = until ?? (count => count >= 1);
    }

    public string Name { get; }

    public bool Throws { get; init; }

    public Task Done => _done.Task;

    public IReadOnlyList<(UdpAddress Source, byte[] Data)> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram)
    {
        int count;
        lock (_gate)
        {
            _received.Add((source, datagram.ToArray()));
            count = _received.Count;
        }

        if (_until(count))
        {
            _done.TrySetResult();
        }

        if (Throws)
        {
            throw new InvalidOperationException($"{Name} fails on purpose");
        }
    }

    public override string ToString() => Name;
}
