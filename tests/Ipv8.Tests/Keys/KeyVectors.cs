using System.Text.Json;

namespace Ipv8.Tests.Keys;

/// <summary>Reads the key material of Vectors/ipv8-vectors.json (produced by py-ipv8 itself).</summary>
internal static class KeyVectors
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Vectors", "ipv8-vectors.json"))));

    internal static JsonElement Root => Document.Value.RootElement;

    internal static JsonElement Key(string name) =>
        Root.GetProperty("keys").EnumerateArray().Single(k => k.GetProperty("name").GetString() == name);

    internal static byte[] KeyHex(string name, string field) => Hex(Key(name).GetProperty(field));

    internal static JsonElement SignatureExample(string name) => Root.GetProperty("signature_examples").GetProperty(name);

    internal static JsonElement EcdsaVector(int index) => Root.GetProperty("ecdsa_vectors")[index];

    internal static byte[] Hex(JsonElement element) => Convert.FromHexString(element.GetString() ?? string.Empty);

    internal static byte[] Hex(string text) => Convert.FromHexString(text);
}
