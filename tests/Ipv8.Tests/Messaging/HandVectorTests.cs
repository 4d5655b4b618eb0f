using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;

namespace Ipv8.Tests.Messaging;

/// <summary>The hand-derivable vectors of spec §15.1.</summary>
public sealed class HandVectorTests
{
    private const string DiscoveryIdHex = "7e313685c1912a141279f8248fc8db5899c5df5a";
    private static readonly CommunityPrefix Discovery = CommunityPrefix.FromHex(DiscoveryIdHex);

    [Test]
    public void Create_DiscoveryCommunityId_IsSpecPrefix()
    {
        Assert.That(Discovery.ToString(), Is.EqualTo("00027e313685c1912a141279f8248fc8db5899c5df5a"));
    }

    // The spec's IPv4 example is built from its integer value: no IPv4 literals outside the documentation ranges.
    [TestCase(null, 5, "01010203040005")]
    [TestCase("2001:db8::1", 5, "0320010db80000000000000000000000010005")]
    public void WriteIpAddressAndAddress_IpLiteral_MatchSpec(string? ipv6, int port, string hex)
    {
        var address = ipv6 is null ? V4(0x01020304, (ushort)port) : UdpAddress.Parse(ipv6, port);
        var ip = address.ToIPAddress().ToString();
        Assert.Multiple(() =>
        {
            Assert.That(Write((ref PacketWriter w) => w.WriteIpAddress(address)), Is.EqualTo(hex));
            Assert.That(Write((ref PacketWriter w) => w.WriteAddress(address)), Is.EqualTo(hex));
            Assert.That(Write((ref PacketWriter w) => w.WriteAddress(HostAddress.FromHost(ip, (ushort)port))), Is.EqualTo(hex));
        });
    }

    [Test]
    public void WriteAddress_HostName_MatchesSpecAndReadsBack()
    {
        const string hex = "02000b747269626c65722e6f72670005";
        Assert.That(Write((ref PacketWriter w) => w.WriteAddress(HostAddress.FromHost("tribler.org", 5))), Is.EqualTo(hex));
        var reader = new PacketReader(Convert.FromHexString(hex));
        Assert.That(reader.TryReadAddress(out var address), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(address.IsHostName, Is.True);
            Assert.That(address.HostName, Is.EqualTo("tribler.org"));
            Assert.That(address.Port, Is.EqualTo(5));
            Assert.That(address, Is.EqualTo(HostAddress.FromHost("tribler.org", 5)));
        });
    }

    [Test]
    public void WriteIPv4Address_Spec_MatchesBytes()
    {
        Assert.That(Write((ref PacketWriter w) => w.WriteIPv4Address(V4(0xC0A8010A, 8090))), Is.EqualTo("c0a8010a1f9a"));
    }

    [Test]
    public void WriteBits_SpecExamples_MatchBytes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Write((ref PacketWriter w) => w.WriteBits(true, false, false, false, false, false, false, false)), Is.EqualTo("80"));
            Assert.That(Write((ref PacketWriter w) => w.WriteBits(false, false, false, false, false, false, false, true)), Is.EqualTo("01"));
        });
    }

    [Test]
    public void Flags_OldResponseAndOldRequestAsPyIpv8Sends_MatchSpec()
    {
        var zero = UdpAddress.Zero;
        var response = PayloadSerializer.ToArray(new IntroductionResponsePayload(zero, zero, zero, zero, zero, ConnectionType.Unknown, 0));
        var request = PayloadSerializer.ToArray(new IntroductionRequestPayload(zero, zero, zero, Advice: true, ConnectionType.Unknown, 0));
        Assert.Multiple(() =>
        {
            Assert.That(response[30], Is.EqualTo(0x10));
            Assert.That(request[18], Is.EqualTo(0x01));
        });
    }

    [Test]
    public void WriteVarLenHx20_OneId_IsCountThenId()
    {
        var id = Convert.FromHexString(DiscoveryIdHex);
        Assert.That(Write((ref PacketWriter w) => w.WriteVarLenHx20(id)), Is.EqualTo("0001" + DiscoveryIdHex));
    }

    [Test]
    public void TryReadIpAddress_UpstreamSnapshot_DecodesFourAddresses()
    {
        var reader = new PacketReader(Convert.FromHexString("0136e23871e14a0146c8b71ded8f01c2742aae557a018f5dfeafa386"));
        var addresses = new List<UdpAddress>();
        while (reader.TryReadIpAddress(out var address))
        {
            addresses.Add(address);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.IsAtEnd, Is.True);
            Assert.That(addresses, Is.EqualTo(new[] { V4(Ip(54, 226, 56, 113), 57674), V4(Ip(70, 200, 183, 29), 60815), V4(Ip(194, 116, 42, 174), 21882), V4(Ip(143, 93, 254, 175), 41862) }));
        }
    }

    [Test]
    public void BroadcastProbe_DiscoveryCommunity_Is29SpecBytes()
    {
        // §9.3: magic "\x00\x00IPv8\x00\x00" followed by the prefix.
        Span<byte> buffer = stackalloc byte[29];
        var writer = new PacketWriter(buffer);
        writer.WriteBytes("\0\0IPv8\0\0"u8[..7]);
        writer.WriteBytes(Discovery.Bytes);
        Assert.That(Convert.ToHexStringLower(writer.Written), Is.EqualTo("0000495076380000027e313685c1912a141279f8248fc8db5899c5df5a"));
    }

    [Test]
    public void WriteUnsigned_OldPunctureRequest_MatchesSpec()
    {
        var payload = new PunctureRequestPayload(V4(0x01020304, 8090), V4(0x05060708, 8091), 1);
        Assert.That(Unsigned(PunctureRequestPayload.MessageId, 3, payload),
            Is.EqualTo("00027e313685c1912a141279f8248fc8db5899c5df5afa0000000000000003010203041f9a050607081f9b0001"));
    }

    [Test]
    public void WriteUnsigned_NewPunctureRequest_MatchesSpec()
    {
        var payload = new NewPunctureRequestPayload(V4(0x0A000002, 7000), V4(0x09090909, 7001), 1);
        Assert.That(Unsigned(NewPunctureRequestPayload.MessageId, 3, payload),
            Is.EqualTo("00027e313685c1912a141279f8248fc8db5899c5df5ae80000000000000003010a0000021b5801090909091b590001"));
    }

    [Test]
    public void WriteUnsigned_PingAndPong_MatchSpecAndParseBack()
    {
        var ping = Unsigned(PingPayload.MessageId, 12, new PingPayload(12));
        var pong = Unsigned(PongPayload.MessageId, 13, new PongPayload(12));
        Assert.Multiple(() =>
        {
            Assert.That(ping, Is.EqualTo("00027e313685c1912a141279f8248fc8db5899c5df5a03000000000000000c000c"));
            Assert.That(pong, Is.EqualTo("00027e313685c1912a141279f8248fc8db5899c5df5a04000000000000000d000c"));
        });

        Assert.That(UnsignedMessage.TryParse(Convert.FromHexString(pong), out var message, out _), Is.True);
        Assert.That(message.TryReadPayload<PongPayload>(out var parsed, out _), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(message.MessageId, Is.EqualTo(MessageIds.Pong));
            Assert.That(message.GlobalTime, Is.EqualTo(13));
            Assert.That(parsed.Identifier, Is.EqualTo(12));
        }
    }

    [Test]
    public void WriteSignedHeader_V1SkeletonFromSpec_MatchesSignedPart()
    {
        var keyBin = Convert.FromHexString(
            "4c69624e61434c504b3a8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6ad75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        Span<byte> buffer = stackalloc byte[256];
        var writer = new PacketWriter(buffer);
        MessageFraming.WriteSignedHeader(ref writer, Discovery.Bytes, IntroductionRequestPayload.MessageId, keyBin, 1);
        new IntroductionRequestPayload(
            V4(0x05060708, 8091), V4(0xC0A8010A, 8090), V4(0x01020304, 8090), true, ConnectionType.Unknown, 1)
            .Write(ref writer);

        Assert.That(Convert.ToHexStringLower(writer.Written), Is.EqualTo(
            "00027e313685c1912a141279f8248fc8db5899c5df5af6004a" + Convert.ToHexStringLower(keyBin)
            + "0000000000000001050607081f9bc0a8010a1f9a010203041f9a010001"));
    }

    private static UdpAddress V4(uint ip, ushort port) => UdpAddress.FromIPv4(ip, port);

    private static uint Ip(byte a, byte b, byte c, byte d) => (uint)((a << 24) | (b << 16) | (c << 8) | d);

    private delegate void WriteAction(ref PacketWriter writer);

    private static string Write(WriteAction action)
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new PacketWriter(buffer);
        action(ref writer);
        return Convert.ToHexStringLower(writer.Written);
    }

    private static string Unsigned<TPayload>(byte id, ulong globalTime, TPayload payload)
        where TPayload : IPayload<TPayload>
    {
        Span<byte> buffer = stackalloc byte[64];
        var length = MessageFraming.WriteUnsigned(buffer, Discovery.Bytes, id, globalTime, payload);
        return Convert.ToHexStringLower(buffer[..length]);
    }
}
