using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ipv8.Tests.Messaging;

/// <summary>Deep JSON equality where numbers compare by value (so <c>-1.0</c> equals <c>-1</c>) and booleans stay distinct from 0/1.</summary>
internal static class JsonEquivalence
{
    public static bool AreEquivalent(JsonNode? expected, JsonNode? actual)
    {
        switch (expected)
        {
            case null:
                return actual is null;
            case JsonObject eo:
                return actual is JsonObject ao && eo.Count == ao.Count
                       && eo.All(p => ao.TryGetPropertyValue(p.Key, out var v) && AreEquivalent(p.Value, v));
            case JsonArray ea:
                return actual is JsonArray aa && ea.Count == aa.Count && ea.Zip(aa).All(p => AreEquivalent(p.First, p.Second));
            default:
                if (actual is not JsonValue actualValue)
                {
                    return false;
                }

                var ek = expected.GetValueKind();
                var ak = actualValue.GetValueKind();
                if (ek == JsonValueKind.Number && ak == JsonValueKind.Number)
                {
                    return expected.GetValue<JsonElement>().GetDecimal() == JsonSerializer.SerializeToElement(actualValue).GetDecimal();
                }

                return ek == ak && JsonNode.DeepEquals(expected, actual);
        }
    }
}
