using BenchmarkDotNet.Attributes;
using Ipv8.Messaging;

namespace Ipv8.Benchmarks;

/// <summary>
/// The cost of refusing a datagram of a foreign community at the endpoint: <see cref="DatagramRouter.Deliver"/> with one
/// registered prefix and a datagram whose prefix differs (counted as <see cref="DropReason.UnknownPrefix"/>).
/// </summary>
[MemoryDiagnoser]
public class RouterDropBenchmarks
{
    private static readonly UdpAddress Source = UdpAddress.Parse("198.51.100.9:9");
    private readonly CounterSet<DropReason> _drops = new();
    private DatagramRouter _router = null!;
    private byte[] _foreign = null!;
    private byte[] _short = null!;

    /// <summary>Registers one community prefix and builds a 190-byte datagram of another community.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _router = new DatagramRouter(_drops);
        var mine = CommunityPrefix.Create(Convert.FromHexString("00112233445566778899aabbccddeeff00112233"));
        _router.AddPrefixListener(mine.Bytes, new NullListener());
        var theirs = CommunityPrefix.Create(Convert.FromHexString("ffeeddccbbaa99887766554433221100ffeeddcc"));
        _foreign = new byte[190];
        theirs.Bytes.CopyTo(_foreign);
        _foreign[CommunityPrefix.Length] = 246;
        _short = new byte[10];
    }

    /// <summary>A 190-byte datagram with an unregistered prefix.</summary>
    [Benchmark]
    public int DropWrongPrefix() => _router.Deliver(Source, _foreign);

    /// <summary>A 10-byte datagram (too short to carry a prefix).</summary>
    [Benchmark]
    public int DropTooShort() => _router.Deliver(Source, _short);

    /// <summary>Checks that the measured datagrams were counted as drops (each benchmark runs in its own process).</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        if (_drops.Total == 0)
        {
            throw new InvalidOperationException("The router did not count the drops.");
        }
    }

    private sealed class NullListener : IDatagramListener
    {
        public void OnDatagram(UdpAddress source, ReadOnlySpan<byte> datagram)
        {
        }
    }
}
