using Ipv8.Keys;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using Ipv8.Tests.Keys;

namespace Ipv8.Tests.Messaging;

/// <summary>The introduction request is the hot path: building, signing, parsing and verifying it allocate nothing (NSec backend).</summary>
public sealed class AllocationTests
{
    [Test]
    public void BuildAndParseIntroductionRequest_WithNSec_AllocateNothing()
    {
        var factory = BackendCases.Factory(SignatureBackendKind.NSec);
        var key = factory.ParsePrivateKey(InteropVectors.Hex(InteropVectors.Key("A").GetProperty("private_key_bin_hex")));
        var prefix = CommunityPrefix.FromHex("697076382d696e7465726f702d766563746f7273");
        var parser = factory;
        var payload = new IntroductionRequestPayload(
            UdpAddress.Parse("203.0.113.20", 6422), UdpAddress.Parse("192.0.2.10", 6421), UdpAddress.Parse("198.51.100.10", 6421), true, ConnectionType.Unknown, 42);
        var newPayload = new NewIntroductionRequestPayload(payload.DestinationAddress, payload.SourceLanAddress, payload.SourceWanAddress, 43);
        var ok = RoundTrip(prefix, key, parser, payload, newPayload, 0);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i <= 50; i++)
        {
            ok &= RoundTrip(prefix, key, parser, payload, newPayload, (ulong)i);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Multiple(() =>
        {
            Assert.That(ok, Is.True);
            Assert.That(allocated, Is.Zero);
        });
    }

    private static bool RoundTrip(
        CommunityPrefix prefix, PrivateKey key, KeyFactory parser, IntroductionRequestPayload payload, NewIntroductionRequestPayload newPayload, ulong time)
    {
        Span<byte> buffer = stackalloc byte[512];
        var length = MessageFraming.WriteSigned(buffer, prefix.Bytes, IntroductionRequestPayload.MessageId, key, time, payload);
        var ok = SignedMessage.TryParse(buffer[..length], true, parser, out var message, out _)
                 && message.TryReadPayload<IntroductionRequestPayload>(out var parsed, out _)
                 && message.Verify()
                 && parsed.Identifier == payload.Identifier;
        length = MessageFraming.WriteSigned(buffer, prefix.Bytes, NewIntroductionRequestPayload.MessageId, key, time, newPayload);
        return ok
               && SignedMessage.TryParse(buffer[..length], true, parser, out message, out _)
               && message.TryReadPayload<NewIntroductionRequestPayload>(out var parsedNew, out _)
               && message.Verify()
               && parsedNew == newPayload;
    }
}
