using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using Ipv8.Communities;
using Ipv8.Connectivity.Ladder;
using Ipv8.Connectivity.Nat;
using Ipv8.Connectivity.Reachability;
using Ipv8.Connectivity.Signalling;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Peers;
using Ipv8.Simulation;

namespace Ipv8.Connectivity.Tests.Signalling;

/// <summary>Signalling overlays on a seeded <see cref="SimulatedNetwork"/> with a <see cref="VirtualClock"/>; every datagram sent is logged.</summary>
internal sealed class SignallingBed(int seed = 1)
{
    public static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    public static KeyFactory Keys { get; } = new(SignatureBackendKind.Auto);

    public SimulatedNetwork Network { get; } = new(new SimulatedNetworkOptions { Seed = seed });

    public VirtualClock Clock => Network.Clock;

    public List<(UdpAddress From, UdpAddress To, byte[] Data)> Sent { get; } = [];

    public static PrivateKey CreateKey(int seed)
    {
        var x25519 = SHA256.HashData(BitConverter.GetBytes(seed + 7000));
        return Keys.FromCurve25519Halves(x25519, SHA256.HashData(x25519));
    }

    public async Task<SignallingCommunity> AddAsync(int keySeed, NatType nat = NatType.None, SignallingOptions? options = null)
    {
        var endpoint = new LoggingEndpoint(Network.CreateEndpoint(nat), Sent);
        await endpoint.OpenAsync();
        return new SignallingCommunity(
            new CommunitySettings
            {
                CommunityId = new byte[20],
                MyPeer = new MyPeer(CreateKey(keySeed)),
                Endpoint = endpoint,
                Network = new Network(),
                KeyFactory = Keys,
                TimeProvider = Clock,
                RandomSeed = keySeed,
                MaxPeers = 30,
                Trust = new PeerTrustOptions { Enabled = true },
            },
            options);
    }

    /// <summary>A record of <paramref name="node"/> listing <paramref name="addresses"/> (default: its WAN estimate).</summary>
    public ReachabilityRecord RecordOf(SignallingCommunity node, params IPAddress[] addresses) =>
        ReachabilityRecord.Create(node.MyPeer.PrivateKey, addresses.Length > 0 ? addresses : [WanOf(node)], 4000, NatClass.Unknown, Clock.GetUtcNow(), TimeSpan.FromHours(1));

    public static IPAddress WanOf(SignallingCommunity node) => node.MyEstimatedWan.ToIPAddress();

    public SignalRequest ReverseRequest(ReachabilityRecord record) =>
        new(SignalKind.Reverse, "echo", RandomNumberGenerator.GetBytes(16), record.Encode(), [], default);

    /// <summary>Walks <paramref name="from"/> to <paramref name="to"/> and runs the clock until the walk is answered (both verify each other).</summary>
    public void Introduce(SignallingCommunity from, SignallingCommunity to)
    {
        from.WalkTo(to.Endpoint.LocalAddress);
        Advance(TimeSpan.FromSeconds(2));
    }

    public static bool Knows(SignallingCommunity node, SignallingCommunity other) =>
        node.Network.GetVerifiedByPublicKeyBin(other.MyPeer.PublicKey.KeyBin) is not null;

    public void Advance(TimeSpan duration)
    {
        var end = Clock.Elapsed + duration;
        while (Clock.Elapsed < end)
            Clock.Advance(Step);
    }

    /// <summary>
    /// Advances the virtual clock until <paramref name="task"/> completes (at most <paramref name="max"/> of virtual time).
    /// Replies complete on the thread pool (never under the network lock), so each step yields to it, and the end waits a
    /// bounded real time for work already unblocked.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> task, TimeSpan? max = null)
    {
        var end = Clock.Elapsed + (max ?? TimeSpan.FromSeconds(20));
        while (!task.IsCompleted && Clock.Elapsed < end)
        {
            Clock.Advance(Step);
            await Task.Yield();
        }

        try
        {
            return await task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            Assert.Fail("the task did not complete within the virtual time allowed");
            throw;
        }
    }

    /// <summary>A complete signed message of the signalling community, signed by <paramref name="key"/>.</summary>
    public static byte[] Signed<TPayload>(SignallingCommunity community, PrivateKey key, byte messageId, TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        var buffer = ArrayPool<byte>.Shared.Rent(EndpointCounters.MaxSendSize);
        try
        {
            var length = MessageFraming.WriteSignedWithoutGlobalTime(buffer.AsSpan(0, EndpointCounters.MaxSendSize), community.Prefix.Bytes, messageId, key, in payload);
            return buffer.AsSpan(0, length).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public int SentFromTo(SignallingCommunity from, UdpAddress to) => Sent.Count(d => d.From == from.Endpoint.LocalAddress && d.To == to);

    private sealed class LoggingEndpoint(IEndpoint inner, List<(UdpAddress From, UdpAddress To, byte[] Data)> log) : IEndpoint
    {
        public bool IsOpen => inner.IsOpen;

        public UdpAddress LocalAddress => inner.LocalAddress;

        public EndpointCounters Counters => inner.Counters;

        public bool SupportsAddressFamily(System.Net.Sockets.AddressFamily family) => inner.SupportsAddressFamily(family);

        public UdpAddress GetLocalAddress(System.Net.Sockets.AddressFamily family) => inner.GetLocalAddress(family);

        public ValueTask OpenAsync(CancellationToken cancellationToken = default) => inner.OpenAsync(cancellationToken);

        public ValueTask CloseAsync() => inner.CloseAsync();

        public ValueTask DisposeAsync() => inner.DisposeAsync();

        public bool Send(UdpAddress destination, ReadOnlySpan<byte> datagram)
        {
            lock (log)
                log.Add((inner.LocalAddress, destination, datagram.ToArray()));
            return inner.Send(destination, datagram);
        }

        public void AddListener(IDatagramListener listener) => inner.AddListener(listener);

        public void AddPrefixListener(ReadOnlySpan<byte> prefix, IDatagramListener listener) => inner.AddPrefixListener(prefix, listener);

        public void RemoveListener(IDatagramListener listener) => inner.RemoveListener(listener);
    }
}
