using Ipv8.Messaging;

namespace Ipv8.Tests.Messaging;

public sealed class PacketWriterTests
{
    [Test]
    public void Write_PastTheEnd_ThrowsInvalidOperationAndKeepsPosition()
    {
        var buffer = new byte[3];
        var position = -1;
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new PacketWriter(buffer);
            writer.WriteUInt16(1);
            position = writer.Position;
            writer.WriteUInt16(2);
        });
        Assert.That(position, Is.EqualTo(2));
    }

    [Test]
    public void WriteIPv4Address_IPv6Address_ThrowsArgument()
    {
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new PacketWriter(new byte[32]);
            writer.WriteIPv4Address(UdpAddress.Parse("2001:db8::1", 1));
        });
    }

    [Test]
    public void WriteVarLenH_MoreThan65535Bytes_ThrowsArgument()
    {
        Assert.Throws<ArgumentException>(() =>
        {
            var writer = new PacketWriter(new byte[70_000]);
            writer.WriteVarLenH(new byte[65_536]);
        });
    }

    [TestCase("0102", "010200000000")]
    [TestCase("01020304050607", "010203040506")]
    public void WriteFixed_ShortOrLongInput_PadsWithZerosOrTruncates(string input, string expected)
    {
        Span<byte> buffer = stackalloc byte[6];
        var writer = new PacketWriter(buffer);
        writer.WriteFixed(Convert.FromHexString(input), 6);
        Assert.That(Convert.ToHexStringLower(writer.Written), Is.EqualTo(expected));
    }

    [Test]
    public void TupleCodes_WrittenFieldByField_AreConsecutiveBigEndianFields()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new PacketWriter(buffer);
        writer.WriteByte(1); // BBH
        writer.WriteByte(2);
        writer.WriteUInt16(0x0304);
        writer.WriteUInt64(5); // QL
        writer.WriteUInt32(6);
        writer.WriteByte((byte)'x'); // ccB
        writer.WriteByte((byte)'y');
        writer.WriteByte(7);
        writer.Write4SH("abcd"u8, 8);
        writer.WriteInt32(-1); // l
        writer.WriteSingle(1.5f); // f

        Assert.That(Convert.ToHexStringLower(writer.Written), Is.EqualTo(
            "01020304" + "0000000000000005" + "00000006" + "787907" + "616263640008" + "ffffffff" + "3fc00000"));
        var reader = new PacketReader(buffer[..writer.Position]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.TryReadByte(out var b1) && reader.TryReadByte(out var b2) && reader.TryReadUInt16(out var h)
                        && b1 == 1 && b2 == 2 && h == 0x0304, Is.True);
            Assert.That(reader.TryReadUInt64(out var q) && reader.TryReadUInt32(out var l) && q == 5 && l == 6, Is.True);
            Assert.That(reader.TryReadByte(out var c1) && reader.TryReadByte(out var c2) && reader.TryReadByte(out var b3)
                        && c1 == 'x' && c2 == 'y' && b3 == 7, Is.True);
            Assert.That(reader.TryRead4SH(out var four, out var port) && four.SequenceEqual("abcd"u8) && port == 8, Is.True);
            Assert.That(reader.TryReadInt32(out var i) && i == -1, Is.True);
            Assert.That(reader.TryReadSingle(out var f) && f == 1.5f, Is.True);
            Assert.That(reader.IsAtEnd, Is.True);
        }
    }

    [Test]
    public void VarLenIUtf8AndDoubleVarLenH_RoundTrip()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new PacketWriter(buffer);
        writer.WriteVarLenIUtf8("h\u00e9");
        writer.WriteVarLenH([9, 8]);

        Assert.That(Convert.ToHexStringLower(writer.Written), Is.EqualTo("0000000368c3a9" + "00020908"));
        var reader = new PacketReader(buffer[..writer.Position]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(reader.TryReadVarLenIUtf8(out var text) && text == "h\u00e9", Is.True);
            Assert.That(reader.TryReadDoubleVarLenH(out var bytes) && bytes.SequenceEqual(new byte[] { 9, 8 }), Is.True);
            Assert.That(reader.IsAtEnd, Is.True);
        }
    }

    [Test]
    public void TryRead_FixedFieldPastTheEnd_FailsTooShortWithoutMoving()
    {
        var reader = new PacketReader([1, 2, 3]);
        var ok = reader.TryReadUInt32(out _);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ok, Is.False);
            Assert.That(reader.Failure, Is.EqualTo(DropReason.TooShort));
            Assert.That(reader.Position, Is.Zero);
        }
    }
}
