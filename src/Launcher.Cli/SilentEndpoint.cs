using System.Net.Sockets;
using Ipv8.Messaging;

namespace Launcher.Cli;

/// <summary>
/// An endpoint that is never open, sends nothing and delivers nothing: what <see cref="StartupWarmup"/> builds its
/// throw-away overlay on, so that compiling an overlay's construction cannot put a datagram on any network.
/// </summary>
internal sealed class SilentEndpoint : IEndpoint
{
    public bool IsOpen => false;

    public UdpAddress LocalAddress => UdpAddress.Zero;

    public EndpointCounters Counters { get; } = new();

    public bool SupportsAddressFamily(AddressFamily family) => false;

    public ValueTask OpenAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask CloseAsync() => ValueTask.CompletedTask;

    public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram) => false;

    public void AddListener(IDatagramListener listener)
    {
    }

    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener)
    {
    }

    public void RemoveListener(IDatagramListener listener)
    {
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
