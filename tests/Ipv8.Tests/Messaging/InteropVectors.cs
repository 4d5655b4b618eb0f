using System.Net;
using System.Text.Json;
using Ipv8.Messaging;

namespace Ipv8.Tests.Messaging;

/// <summary>Loads tests/Ipv8.Tests/Vectors/ipv8-vectors.json (packets py-ipv8 produced) once.</summary>
internal static class InteropVectors
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Vectors", "ipv8-vectors.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    public static IEnumerable<JsonElement> Packets => Root.GetProperty("vectors").EnumerateArray();

    public static IEnumerable<JsonElement> EcdsaPackets => Root.GetProperty("ecdsa_vectors").EnumerateArray();

    public static IEnumerable<JsonElement> AllPackets => Packets.Concat(EcdsaPackets);

    public static IEnumerable<JsonElement> Primitives => Root.GetProperty("serializer_primitives").EnumerateArray();

    public static JsonElement Key(string name)
        => Root.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("name").GetString() == name);

    public static JsonElement Packet(string name) => AllPackets.Single(v => Name(v) == name);

    public static string Name(JsonElement vector) => vector.GetProperty("name").GetString()!;

    public static byte[] Hex(JsonElement element) => Convert.FromHexString(element.GetString()!);

    public static byte[] PacketBytes(JsonElement vector) => Hex(vector.GetProperty("packet_hex"));

    public static UdpAddress Address(JsonElement element)
        => UdpAddress.From(IPAddress.Parse(element.GetProperty("ip").GetString()!), element.GetProperty("port").GetInt32());

    public static IEnumerable<TestCaseData> Cases(IEnumerable<JsonElement> vectors)
        => vectors.Select(v => new TestCaseData(Name(v)).SetName($"{{m}}({Name(v)})"));
}
