using System.Buffers.Binary;
using System.Net;
using Ipv8.Connectivity.Stun;

namespace Ipv8.Connectivity.Tests.Stun;

public class StunMessageTests
{
    [Test]
    public void EncodeThenTryParse_BindingRequestWithChangeRequest_RoundTripsWithFingerprint()
    {
        var request = StunMessage.CreateBindingRequest(changeIp: true, changePort: true);
        var bytes = request.Encode();

        Assert.That(StunMessage.TryParse(bytes, out var parsed, out var error), Is.True, error);
        Assert.Multiple(() =>
        {
            Assert.That(parsed!.Type, Is.EqualTo(StunMessageType.BindingRequest));
            Assert.That(parsed.TransactionId.ToArray(), Is.EqualTo(request.TransactionId.ToArray()));
            Assert.That(parsed.HadFingerprint, Is.True);
            Assert.That(parsed.Find(StunAttributeType.ChangeRequest)!.Value.Value.ToArray(), Is.EqualTo(new byte[] { 0, 0, 0, 6 }));
        });
    }

    [Test]
    public void TryParse_Rfc5769SampleIpv4Response_YieldsMappedAddress()
    {
        // RFC 5769 §2.2 sample IPv4 response, with its MESSAGE-INTEGRITY (which this client does not check).
        var sample = Convert.FromHexString(
            "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e112a643" +
            "000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96");

        Assert.That(StunClient.TryReadBindingResponse(sample, sample.AsSpan(8, 12), out var mapped, out var error, out _), Is.True, error);
        Assert.That(mapped, Is.EqualTo(new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853)));
    }

    [Test]
    public void TryReadBindingResponse_Ipv6XorMappedAddress_RoundTrips()
    {
        var request = StunMessage.CreateBindingRequest();
        var mapped = new IPEndPoint(IPAddress.Parse("2001:db8::1234"), 40000);
        var response = LoopbackStunResponder.Success(request, mapped);

        Assert.That(StunClient.TryReadBindingResponse(response, request.TransactionId, out var decoded, out var error, out _), Is.True, error);
        Assert.That(decoded, Is.EqualTo(mapped));
    }

    [Test]
    public void TryParse_FlippedFingerprintBit_IsRejected()
    {
        var bytes = StunMessage.CreateBindingRequest().Encode();
        bytes[^1] ^= 1;

        Assert.That(StunMessage.TryParse(bytes, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("FINGERPRINT"));
    }

    [Test]
    public void TryParse_AttributeAfterFingerprint_IsRejected()
    {
        var bytes = StunMessage.CreateBindingRequest().Encode();
        var longer = new byte[bytes.Length + 8];
        bytes.CopyTo(longer, 0);
        BinaryPrimitives.WriteUInt16BigEndian(longer.AsSpan(2), (ushort)(longer.Length - StunMessage.HeaderLength));
        BinaryPrimitives.WriteUInt16BigEndian(longer.AsSpan(bytes.Length), StunAttributeType.Software);
        BinaryPrimitives.WriteUInt16BigEndian(longer.AsSpan(bytes.Length + 2), 4);

        // The fingerprint no longer matches the changed length either way; the first rule broken is reported.
        Assert.That(StunMessage.TryParse(longer, out _, out _), Is.False);
    }

    [TestCase("", "shorter")]
    [TestCase("000100002112a4420000000000000000000000", "shorter")]
    [TestCase("c001000021 12a442000000000000000000000000", "top two bits")]
    [TestCase("000100022112a442000000000000000000000000", "multiple of 4")]
    [TestCase("000100042112a442000000000000000000000000", "does not match")]
    [TestCase("000100002112a443000000000000000000000000", "magic cookie")]
    [TestCase("000100042112a44200000000000000000000000000200010", "declares")]
    [TestCase("000100082112a4420000000000000000000000000020000500000000", "declares")]
    public void TryParse_MalformedHeaderOrAttribute_GivesReason(string hex, string reason)
    {
        var bytes = Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

        Assert.That(StunMessage.TryParse(bytes, out var message, out var error), Is.False);
        Assert.Multiple(() =>
        {
            Assert.That(message, Is.Null);
            Assert.That(error, Does.Contain(reason));
        });
    }

    [Test]
    public void TryParse_OversizedDatagram_IsRejected()
    {
        var bytes = new byte[StunMessage.MaxMessageLength + 4];

        Assert.That(StunMessage.TryParse(bytes, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("limit"));
    }

    [Test]
    public void TryParse_TooManyAttributes_IsRejected()
    {
        var attributes = Enumerable.Range(0, StunMessage.MaxAttributes + 1).Select(_ => new StunAttribute(StunAttributeType.Software, new byte[4])).ToList();
        var bytes = new StunMessage(StunMessageType.BindingRequest, new byte[12], attributes).Encode(fingerprint: false);

        Assert.That(StunMessage.TryParse(bytes, out _, out var error), Is.False);
        Assert.That(error, Does.Contain("more than"));
    }

    [TestCase("0001", "shorter")]
    [TestCase("00030000", "unknown address family")]
    [TestCase("0001000001020304ff", "not 8")]
    [TestCase("000200000102030405060708", "not 20")]
    public void TryDecodePlain_MalformedAddress_GivesReason(string hex, string reason)
    {
        Assert.That(StunAddressCodec.TryDecodePlain(Convert.FromHexString(hex), out _, out var error), Is.False);
        Assert.That(error, Does.Contain(reason));
    }

    [Test]
    public void TryReadBindingResponse_UnknownComprehensionRequiredAttribute_IsDiscarded()
    {
        var request = StunMessage.CreateBindingRequest();
        var response = new StunMessage(StunMessageType.BindingSuccessResponse, request.TransactionId,
        [
            new StunAttribute(StunAttributeType.XorMappedAddress, StunAddressCodec.EncodeXorMapped(new IPEndPoint(IPAddress.Loopback, 1), request.TransactionId)),
            new StunAttribute(0x7777, new byte[4]),
        ]).Encode();

        Assert.That(StunClient.TryReadBindingResponse(response, request.TransactionId, out _, out var error, out _), Is.False);
        Assert.That(error, Does.Contain("0x7777"));
    }

    [Test]
    public void TryReadBindingResponse_RandomAndMutatedInput_NeverThrows()
    {
        var random = new Random(1108);
        var request = StunMessage.CreateBindingRequest();
        var valid = LoopbackStunResponder.Success(request, new IPEndPoint(IPAddress.Loopback, 4242));
        var accepted = 0;
        for (var i = 0; i < 20000; i++)
        {
            byte[] input;
            if (i % 2 == 0)
            {
                input = new byte[random.Next(0, 64)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])valid.Clone();
                // Only bytes the FINGERPRINT covers; a mutated FINGERPRINT attribute may legally read as an optional one.
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                    input[random.Next(input.Length - 8)] ^= (byte)random.Next(1, 256);
            }

            if (StunClient.TryReadBindingResponse(input, request.TransactionId, out var mapped, out var error, out _))
            {
                accepted++;
                Assert.That(mapped, Is.Not.Null);
            }
            else
            {
                Assert.That(error, Is.Not.Empty);
            }
        }

        // Every such mutation breaks the FINGERPRINT or the header, so nothing mutated may be taken as an answer.
        Assert.That(accepted, Is.Zero);
    }
}
