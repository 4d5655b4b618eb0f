using System.Text;
using Ipv8.Keys;

namespace Ipv8.Tests.Peers;

/// <summary>A test-only public key: the key bin is arbitrary bytes and every signature verifies.</summary>
internal sealed class TestKey(ReadOnlySpan<byte> keyBin) : PublicKey(keyBin)
{
    public override int SignatureLength => 64;

    public static TestKey Named(string name) => new(Encoding.UTF8.GetBytes("TestPK:" + name));

    public override bool Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data) => true;
}
