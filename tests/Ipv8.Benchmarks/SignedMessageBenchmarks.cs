using BenchmarkDotNet.Attributes;
using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Benchmarks;

/// <summary>
/// Building + signing, and parsing + verifying, one introduction-request (both formats) with a curve25519 key:
/// the framing cost on top of the bare signature primitives (<see cref="SignatureBenchmarks"/>).
/// </summary>
[MemoryDiagnoser]
public class SignedMessageBenchmarks
{
    private static readonly byte[] CommunityId = Convert.FromHexString("00112233445566778899aabbccddeeff00112233");
    private readonly byte[] _buffer = new byte[1024];
    private CommunityPrefix _prefix = null!;
    private KeyFactory _keys = null!;
    private PrivateKey _key = null!;
    private byte[] _oldRequest = null!;
    private byte[] _newRequest = null!;
    private IntroductionRequestPayload _oldPayload;
    private NewIntroductionRequestPayload _newPayload;
    private ulong _globalTime;

    /// <summary>Gets or sets the signature backend.</summary>
    [Params(SignatureBackendKind.NSec, SignatureBackendKind.Managed)]
    public SignatureBackendKind Backend { get; set; }

    /// <summary>Builds the key, payloads and one pre-signed datagram per format.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _prefix = CommunityPrefix.Create(CommunityId);
        _keys = BenchKeys.Factory(Backend);
        _key = BenchKeys.Create(_keys, 1);
        var destination = UdpAddress.Parse("192.0.2.1:8090");
        var lan = UdpAddress.Parse("198.51.100.7:8090");
        var wan = UdpAddress.Parse("203.0.113.7:8090");
        _oldPayload = new IntroductionRequestPayload(destination, lan, wan, Advice: true, ConnectionType.Unknown, 42);
        _newPayload = new NewIntroductionRequestPayload(destination, lan, wan, 42);
        _oldRequest = _buffer.AsSpan(0, MessageFraming.WriteSigned(_buffer, _prefix.Bytes, IntroductionRequestPayload.MessageId, _key, 42, in _oldPayload)).ToArray();
        _newRequest = _buffer.AsSpan(0, MessageFraming.WriteSigned(_buffer, _prefix.Bytes, NewIntroductionRequestPayload.MessageId, _key, 42, in _newPayload)).ToArray();
        if (!ParseAndVerifyOld() || !ParseAndVerifyNew())
        {
            throw new InvalidOperationException("The pre-built requests do not verify.");
        }
    }

    /// <summary>Builds and signs an old-format (246) introduction-request.</summary>
    [Benchmark]
    public int BuildAndSignOld()
        => MessageFraming.WriteSigned(_buffer, _prefix.Bytes, IntroductionRequestPayload.MessageId, _key, ++_globalTime, in _oldPayload);

    /// <summary>Builds and signs a new-format (234) introduction-request.</summary>
    [Benchmark]
    public int BuildAndSignNew()
        => MessageFraming.WriteSigned(_buffer, _prefix.Bytes, NewIntroductionRequestPayload.MessageId, _key, ++_globalTime, in _newPayload);

    /// <summary>Parses (key from the factory's cache), verifies and reads the payload of an old-format request.</summary>
    [Benchmark]
    public bool ParseAndVerifyOld()
        => SignedMessage.TryParse(_oldRequest, hasGlobalTime: true, _keys, out var message, out _)
           && message.Verify()
           && message.TryReadPayload<IntroductionRequestPayload>(out _, out _);

    /// <summary>Parses, verifies and reads the payload of a new-format request.</summary>
    [Benchmark]
    public bool ParseAndVerifyNew()
        => SignedMessage.TryParse(_newRequest, hasGlobalTime: true, _keys, out var message, out _)
           && message.Verify()
           && message.TryReadPayload<NewIntroductionRequestPayload>(out _, out _);
}
