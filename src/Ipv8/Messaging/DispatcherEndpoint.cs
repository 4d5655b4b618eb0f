using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ipv8.Messaging;

/// <summary>
/// py-ipv8's dispatcher endpoint (spec 1.1): one logical endpoint over an IPv4 and/or an IPv6
/// <see cref="UdpEndpoint"/>, sharing one <see cref="DatagramRouter"/> and one set of counters. A datagram
/// leaves through the socket of the destination's family; when that family is not configured the send is
/// refused (false, counted as <see cref="DropReason.SendFailed"/>).
/// </summary>
/// <remarks>
/// <para>Each interface is a <see cref="UdpEndpoint"/>, or a <see cref="ReusePortUdpEndpoint"/> when its
/// <see cref="UdpEndpointOptions.ReceiveShards"/> is above 1. Listeners are called as each interface delivers: on its receive
/// loop's thread (the loop the options name; without one, a private loop the two families share), on its receive workers,
/// or on its shards' threads, so two datagrams may be delivered concurrently when both families are configured with
/// workers, shards or loops of their own.</para>
/// </remarks>
public sealed class DispatcherEndpoint : IEndpoint
{
    private readonly DatagramRouter _router;

    /// <summary>Creates a closed dispatcher; call <see cref="OpenAsync"/> to bind its interfaces.</summary>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="DispatcherEndpointOptions.Validate"/>).</exception>
    public DispatcherEndpoint(DispatcherEndpointOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var log = logger ?? NullLogger.Instance;
        _router = new DatagramRouter(Counters.Drops, log);
        var ipv4 = options.IPv4;
        var ipv6 = options.IPv6;
        if (ipv4 is { ReceiveLoop: null, ReceiveShards: 1 } && ipv6 is { ReceiveLoop: null, ReceiveShards: 1 })
        {
            // Both families on one private loop: one receive thread for the dispatcher, as with a loop given. It holds a
            // thread only while a socket is open, so it needs no disposal of its own.
            var shared = new UdpReceiveLoop(log);
            ipv4 = ipv4 with { ReceiveLoop = shared };
            ipv6 = ipv6 with { ReceiveLoop = shared };
        }

        IPv4 = Interface(ipv4, log);
        IPv6 = Interface(ipv6, log);
    }

    /// <summary>Gets the IPv4 interface (a <see cref="UdpEndpoint"/>, or a <see cref="ReusePortUdpEndpoint"/> with shards), or null when not configured.</summary>
    public IEndpoint? IPv4 { get; }

    /// <summary>Gets the IPv6 interface (a <see cref="UdpEndpoint"/>, or a <see cref="ReusePortUdpEndpoint"/> with shards), or null when not configured.</summary>
    public IEndpoint? IPv6 { get; }

    /// <inheritdoc/>
    /// <remarks>True when every configured interface is open.</remarks>
    public bool IsOpen => (IPv4?.IsOpen ?? true) && (IPv6?.IsOpen ?? true);

    /// <inheritdoc/>
    /// <remarks>The IPv4 interface's address when configured (py-ipv8's preference order), else the IPv6 one.</remarks>
    public UdpAddress LocalAddress => IPv4?.LocalAddress ?? IPv6!.LocalAddress;

    /// <inheritdoc/>
    /// <remarks>True for a family whose interface is configured and open (both families when both sockets are open).</remarks>
    public bool SupportsAddressFamily(AddressFamily family) => InterfaceFor(family)?.SupportsAddressFamily(family) == true;

    /// <inheritdoc/>
    /// <remarks>The bound address of that family's interface; <see cref="UdpAddress.Zero"/> when it is not configured or was never opened.</remarks>
    public UdpAddress GetLocalAddress(AddressFamily family) => InterfaceFor(family) is { } endpoint ? endpoint.GetLocalAddress(family) : UdpAddress.Zero;

    /// <inheritdoc/>
    /// <remarks>Shared by both interfaces.</remarks>
    public EndpointCounters Counters { get; } = new();

    /// <summary>Gets the router shared by both interfaces.</summary>
    public DatagramRouter Router => _router;

    /// <inheritdoc/>
    /// <remarks>Opens IPv4 first, then IPv6; when the second fails the first is closed again and the error rethrown.</remarks>
    public async ValueTask OpenAsync(CancellationToken cancellationToken = default)
    {
        if (IPv4 is not null)
        {
            await IPv4.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        if (IPv6 is not null)
        {
            try
            {
                await IPv6.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                if (IPv4 is not null)
                {
                    await IPv4.CloseAsync().ConfigureAwait(false);
                }

                throw;
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask CloseAsync()
    {
        if (IPv4 is not null)
        {
            await IPv4.CloseAsync().ConfigureAwait(false);
        }

        if (IPv6 is not null)
        {
            await IPv6.CloseAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => CloseAsync();

    /// <inheritdoc/>
    public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
    {
        var target = destination.IsIPv6 ? IPv6 : IPv4;
        if (target is null)
        {
            Counters.Drops.Increment(datagram.Length > EndpointCounters.MaxSendSize ? DropReason.SendTooLarge : DropReason.SendFailed);
            return false;
        }

        return target.Send(destination, datagram);
    }

    private IEndpoint? Interface(UdpEndpointOptions? options, ILogger logger) => options switch
    {
        null => null,
        { ReceiveShards: > 1 } => new ReusePortUdpEndpoint(options, options.ReceiveShards, logger, Counters, _router),
        _ => new UdpEndpoint(options, logger, Counters, _router),
    };

    private IEndpoint? InterfaceFor(AddressFamily family) => family switch
    {
        AddressFamily.InterNetwork => IPv4,
        AddressFamily.InterNetworkV6 => IPv6,
        _ => null,
    };

    /// <inheritdoc/>
    public void AddListener(IDatagramListener listener) => _router.AddListener(listener);

    /// <inheritdoc/>
    public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => _router.AddPrefixListener(prefix, listener);

    /// <inheritdoc/>
    public void RemoveListener(IDatagramListener listener) => _router.RemoveListener(listener);
}
