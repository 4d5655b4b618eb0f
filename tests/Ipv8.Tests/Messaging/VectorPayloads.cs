using System.Text.Json;
using System.Text.Json.Nodes;
using Ipv8.Messaging;
using Ipv8.Messaging.Payloads;
using static Ipv8.Tests.Messaging.InteropVectors;

namespace Ipv8.Tests.Messaging;

/// <summary>Builds each vector's payload from its <c>inputs</c> and describes decoded payloads in the vectors' JSON shape.</summary>
internal static class VectorPayloads
{
    public interface IVisitor<out TResult>
    {
        TResult Visit<TPayload>(in TPayload payload)
            where TPayload : IPayload<TPayload>;
    }

    /// <summary>Creates the payload of <paramref name="vector"/> from its inputs and hands it to <paramref name="visitor"/>.</summary>
    public static TResult Build<TResult>(JsonElement vector, IVisitor<TResult> visitor)
    {
        var i = vector.GetProperty("inputs");
        var decoded = vector.GetProperty("decoded_by_py_ipv8").GetProperty("payload");
        UdpAddress A(string name) => Address(i.GetProperty(name));
        ushort Id() => (ushort)i.GetProperty("identifier").GetInt32();
        ReadOnlyMemory<byte> Extra() => i.TryGetProperty("extra_bytes", out var e) ? Hex(e) : ReadOnlyMemory<byte>.Empty;
        bool Input(string name, bool fallback) => i.TryGetProperty(name, out var e) ? e.GetBoolean() : fallback;
        ConnectionType Ct() => i.TryGetProperty("connection_type", out var e) ? ParseConnectionType(e.GetString()!) : ConnectionType.Unknown;
        ReadOnlyMemory<byte>[] Ids() => [.. i.GetProperty("preference_list").EnumerateArray().Select(e => (ReadOnlyMemory<byte>)Hex(e))];

        return vector.GetProperty("payload_class").GetString() switch
        {
            "IntroductionRequestPayload" => visitor.Visit(new IntroductionRequestPayload(
                A("destination_address"), A("source_lan_address"), A("source_wan_address"), Input("advice", true), Ct(), Id(), Extra(),
                Input("supports_new_style", false))),
            "NewIntroductionRequestPayload" => visitor.Visit(new NewIntroductionRequestPayload(
                A("destination_address"), A("source_lan_address"), A("source_wan_address"), Id(), IntroductionRequestFlags.None, Extra())),
            "IntroductionResponsePayload" => visitor.Visit(new IntroductionResponsePayload(
                A("destination_address"), A("source_lan_address"), A("source_wan_address"), A("lan_introduction_address"),
                A("wan_introduction_address"), Ct(), Id(), SupportsNewStyle: true, IntroSupportsNewStyle: false, PeerLimitReached: false, Extra())),
            "NewIntroductionResponsePayload" => visitor.Visit(new NewIntroductionResponsePayload(
                A("destination_address"), A("source_lan_address"), A("source_wan_address"), A("lan_introduction_address"),
                A("wan_introduction_address"), Id(),
                // The inputs do not list the flag; the description says C is known new-style, which the decoded field shows.
                decoded.GetProperty("intro_supports_new_style").GetInt32() == 1 ? NewIntroductionResponseFlags.IntroSupportsNewStyle : NewIntroductionResponseFlags.None,
                Extra())),
            "PunctureRequestPayload" => visitor.Visit(new PunctureRequestPayload(A("lan_walker_address"), A("wan_walker_address"), Id())),
            "NewPunctureRequestPayload" => visitor.Visit(new NewPunctureRequestPayload(A("lan_walker_address"), A("wan_walker_address"), Id())),
            "PuncturePayload" => visitor.Visit(new PuncturePayload(A("source_lan_address"), A("source_wan_address"), Id())),
            "NewPuncturePayload" => visitor.Visit(new NewPuncturePayload(A("source_lan_address"), A("source_wan_address"), Id())),
            "SimilarityRequestPayload" => visitor.Visit(new SimilarityRequestPayload(Id(), A("lan_address"), A("wan_address"), Ct(), Ids())),
            "SimilarityResponsePayload" => visitor.Visit(new SimilarityResponsePayload(Id(), Ids())),
            "PingPayload" => visitor.Visit(new PingPayload(Id())),
            "PongPayload" => visitor.Visit(new PongPayload(Id())),
            "ExampleDataclassPayload" => visitor.Visit(new ExampleDataclassPayload(true, -2, 0.5, [1, 2, 3], "h\u00e9llo", [1, -1, 65536])),
            var other => throw new InvalidOperationException($"No builder for {other}."),
        };
    }

    /// <summary>Decodes <paramref name="payload"/> as the vector's payload class; null (with a reason) when it does not parse.</summary>
    public static JsonObject? Decode(string payloadClass, ReadOnlySpan<byte> payload, out DropReason reason) => payloadClass switch
    {
        "IntroductionRequestPayload" => Read<IntroductionRequestPayload>(payload, out reason, p => new JsonObject
        {
            ["destination_address"] = Json(p.DestinationAddress),
            ["source_lan_address"] = Json(p.SourceLanAddress),
            ["source_wan_address"] = Json(p.SourceWanAddress),
            ["advice"] = p.Advice,
            ["supports_new_style"] = p.SupportsNewStyle ? 1 : 0,
            ["connection_type"] = ConnectionTypeEncoding.ToPyIpv8Name(p.ConnectionType),
            ["identifier"] = p.Identifier,
            ["extra_bytes"] = Convert.ToHexStringLower(p.ExtraBytes.Span),
        }),
        "NewIntroductionRequestPayload" => Read<NewIntroductionRequestPayload>(payload, out reason, p => new JsonObject
        {
            ["destination_address"] = Json(p.DestinationAddress),
            ["source_lan_address"] = Json(p.SourceLanAddress),
            ["source_wan_address"] = Json(p.SourceWanAddress),
            ["identifier"] = p.Identifier,
            ["connection_type_0"] = Bit(p.Flags, IntroductionRequestFlags.ConnectionType0),
            ["connection_type_1"] = Bit(p.Flags, IntroductionRequestFlags.ConnectionType1),
            ["supports_new_style"] = Bit(p.Flags, IntroductionRequestFlags.SupportsNewStyle),
            ["dflag1"] = Bit(p.Flags, IntroductionRequestFlags.DFlag1),
            ["dflag2"] = Bit(p.Flags, IntroductionRequestFlags.DFlag2),
            ["tunnel"] = Bit(p.Flags, IntroductionRequestFlags.Tunnel),
            ["sync"] = Bit(p.Flags, IntroductionRequestFlags.Sync),
            ["advice"] = Bit(p.Flags, IntroductionRequestFlags.Advice),
            ["extra_bytes"] = Convert.ToHexStringLower(p.ExtraBytes.Span),
        }),
        "IntroductionResponsePayload" => Read<IntroductionResponsePayload>(payload, out reason, p => new JsonObject
        {
            ["destination_address"] = Json(p.DestinationAddress),
            ["source_lan_address"] = Json(p.SourceLanAddress),
            ["source_wan_address"] = Json(p.SourceWanAddress),
            ["lan_introduction_address"] = Json(p.LanIntroductionAddress),
            ["wan_introduction_address"] = Json(p.WanIntroductionAddress),
            ["connection_type"] = ConnectionTypeEncoding.ToPyIpv8Name(p.ConnectionType),
            ["supports_new_style"] = p.SupportsNewStyle ? 1 : 0,
            ["intro_supports_new_style"] = p.IntroSupportsNewStyle ? 1 : 0,
            ["peer_limit_reached"] = p.PeerLimitReached ? 1 : 0,
            ["identifier"] = p.Identifier,
            ["extra_bytes"] = Convert.ToHexStringLower(p.ExtraBytes.Span),
        }),
        "NewIntroductionResponsePayload" => Read<NewIntroductionResponsePayload>(payload, out reason, p => new JsonObject
        {
            ["destination_address"] = Json(p.DestinationAddress),
            ["source_lan_address"] = Json(p.SourceLanAddress),
            ["source_wan_address"] = Json(p.SourceWanAddress),
            ["lan_introduction_address"] = Json(p.LanIntroductionAddress),
            ["wan_introduction_address"] = Json(p.WanIntroductionAddress),
            ["identifier"] = p.Identifier,
            ["intro_supports_new_style"] = p.IntroSupportsNewStyle ? 1 : 0,
            ["flag1"] = Bit(p.Flags, NewIntroductionResponseFlags.Flag1),
            ["flag2"] = Bit(p.Flags, NewIntroductionResponseFlags.Flag2),
            ["flag3"] = Bit(p.Flags, NewIntroductionResponseFlags.Flag3),
            ["flag4"] = Bit(p.Flags, NewIntroductionResponseFlags.Flag4),
            ["flag5"] = Bit(p.Flags, NewIntroductionResponseFlags.Flag5),
            ["flag6"] = Bit(p.Flags, NewIntroductionResponseFlags.Flag6),
            ["flag7"] = Bit(p.Flags, NewIntroductionResponseFlags.Flag7),
            ["extra_bytes"] = Convert.ToHexStringLower(p.ExtraBytes.Span),
        }),
        "PunctureRequestPayload" => Read<PunctureRequestPayload>(payload, out reason, p => Walkers(p.LanWalkerAddress, p.WanWalkerAddress, p.Identifier)),
        "NewPunctureRequestPayload" => Read<NewPunctureRequestPayload>(payload, out reason, p => Walkers(p.LanWalkerAddress, p.WanWalkerAddress, p.Identifier)),
        "PuncturePayload" => Read<PuncturePayload>(payload, out reason, p => Sources(p.SourceLanAddress, p.SourceWanAddress, p.Identifier)),
        "NewPuncturePayload" => Read<NewPuncturePayload>(payload, out reason, p => Sources(p.SourceLanAddress, p.SourceWanAddress, p.Identifier)),
        "SimilarityRequestPayload" => Read<SimilarityRequestPayload>(payload, out reason, p => new JsonObject
        {
            ["identifier"] = p.Identifier,
            ["preference_list"] = HexList(p.PreferenceList),
            ["lan_address"] = Json(p.LanAddress),
            ["wan_address"] = Json(p.WanAddress),
            ["connection_type"] = ConnectionTypeEncoding.ToPyIpv8Name(p.ConnectionType),
        }),
        "SimilarityResponsePayload" => Read<SimilarityResponsePayload>(payload, out reason, p => new JsonObject
        {
            ["identifier"] = p.Identifier,
            ["preference_list"] = HexList(p.PreferenceList),
            ["tb_overlap"] = p.TbOverlap.IsEmpty ? new JsonArray() : Convert.ToHexStringLower(p.TbOverlap.Span),
        }),
        "PingPayload" => Read<PingPayload>(payload, out reason, p => new JsonObject { ["identifier"] = p.Identifier }),
        "PongPayload" => Read<PongPayload>(payload, out reason, p => new JsonObject { ["identifier"] = p.Identifier }),
        "ExampleDataclassPayload" => Read<ExampleDataclassPayload>(payload, out reason, p => new JsonObject
        {
            ["flag"] = p.Flag,
            ["number"] = p.Number,
            ["ratio"] = p.Ratio,
            ["blob"] = Convert.ToHexStringLower(p.Blob),
            ["text"] = p.Text,
            ["numbers"] = new JsonArray([.. p.Numbers.Select(n => (JsonNode?)n)]),
        }),
        var other => throw new InvalidOperationException($"No decoder for {other}."),
    };

    public static ConnectionType ParseConnectionType(string text) => text switch
    {
        "unknown" => ConnectionType.Unknown,
        "public" => ConnectionType.Public,
        "symmetric-NAT" => ConnectionType.SymmetricNat,
        _ => ConnectionType.NotApplicable,
    };

    public static JsonObject Json(UdpAddress address) => new()
    {
        ["ip"] = address.ToIPAddress().ToString(),
        ["port"] = address.Port,
    };

    private delegate JsonObject Describe<T>(T payload);

    private static JsonObject? Read<T>(ReadOnlySpan<byte> bytes, out DropReason reason, Describe<T> describe)
        where T : IPayload<T>
        => PayloadSerializer.TryDeserialize<T>(bytes, out var payload, out reason) ? describe(payload) : null;

    private static int Bit<TEnum>(TEnum flags, TEnum flag)
        where TEnum : Enum
        => flags.HasFlag(flag) ? 1 : 0;

    private static JsonArray HexList(IReadOnlyList<ReadOnlyMemory<byte>> items)
        => new([.. items.Select(m => (JsonNode?)Convert.ToHexStringLower(m.Span))]);

    private static JsonObject Walkers(UdpAddress lan, UdpAddress wan, ushort identifier) => new()
    {
        ["lan_walker_address"] = Json(lan),
        ["wan_walker_address"] = Json(wan),
        ["identifier"] = identifier,
    };

    private static JsonObject Sources(UdpAddress lan, UdpAddress wan, ushort identifier) => new()
    {
        ["source_lan_address"] = Json(lan),
        ["source_wan_address"] = Json(wan),
        ["identifier"] = identifier,
    };
}
