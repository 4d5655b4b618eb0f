namespace Ipv8.Messaging;

/// <summary>
/// Message ids reserved in every community (spec §1.5) and the DiscoveryCommunity's own ids (spec §7.1).
/// Ids 0–230 are free for application messages (DiscoveryCommunity uses 1–4 in its own prefix).
/// </summary>
public static class MessageIds
{
    /// <summary>DiscoveryCommunity similarity-request (signed).</summary>
    public const byte SimilarityRequest = 1;

    /// <summary>DiscoveryCommunity similarity-response (signed).</summary>
    public const byte SimilarityResponse = 2;

    /// <summary>DiscoveryCommunity ping (unsigned).</summary>
    public const byte Ping = 3;

    /// <summary>DiscoveryCommunity pong (unsigned).</summary>
    public const byte Pong = 4;

    /// <summary>The highest id free for application messages.</summary>
    public const byte MaxApplicationId = 230;

    /// <summary>Puncture, new format (signed).</summary>
    public const byte NewPuncture = 231;

    /// <summary>Puncture-request, new format (unsigned).</summary>
    public const byte NewPunctureRequest = 232;

    /// <summary>Introduction-response, new format (signed).</summary>
    public const byte NewIntroductionResponse = 233;

    /// <summary>Introduction-request, new format (signed).</summary>
    public const byte NewIntroductionRequest = 234;

    /// <summary>Deprecated Dispersy "missing-last-message".</summary>
    public const byte MissingLastMessage = 235;

    /// <summary>Deprecated Dispersy "dynamic-settings".</summary>
    public const byte DynamicSettings = 236;

    /// <summary>Deprecated Dispersy "undo-other".</summary>
    public const byte UndoOther = 237;

    /// <summary>Deprecated Dispersy "undo-own".</summary>
    public const byte UndoOwn = 238;

    /// <summary>Deprecated Dispersy "on-missing-message".</summary>
    public const byte OnMissingMessage = 239;

    /// <summary>Deprecated Dispersy "missing-subjective-set".</summary>
    public const byte MissingSubjectiveSet = 240;

    /// <summary>Deprecated Dispersy "subjective-set".</summary>
    public const byte SubjectiveSet = 241;

    /// <summary>Deprecated Dispersy "revoke".</summary>
    public const byte Revoke = 242;

    /// <summary>Deprecated Dispersy "authorize".</summary>
    public const byte Authorize = 243;

    /// <summary>Deprecated Dispersy "destroy-community".</summary>
    public const byte DestroyCommunity = 244;

    /// <summary>Introduction-response, old IPv4-only format (signed).</summary>
    public const byte IntroductionResponse = 245;

    /// <summary>Introduction-request, old IPv4-only format (signed).</summary>
    public const byte IntroductionRequest = 246;

    /// <summary>Deprecated Dispersy "on-missing-identity".</summary>
    public const byte OnMissingIdentity = 247;

    /// <summary>Deprecated Dispersy "on-identity".</summary>
    public const byte OnIdentity = 248;

    /// <summary>Puncture, old format (signed).</summary>
    public const byte Puncture = 249;

    /// <summary>Puncture-request, old format (unsigned).</summary>
    public const byte PunctureRequest = 250;

    /// <summary>Deprecated Dispersy "signature-response".</summary>
    public const byte SignatureResponse = 251;

    /// <summary>Deprecated Dispersy "signature-request".</summary>
    public const byte SignatureRequest = 252;

    /// <summary>Deprecated Dispersy "missing-proof".</summary>
    public const byte MissingProof = 253;

    /// <summary>Deprecated Dispersy "on-missing-sequence".</summary>
    public const byte OnMissingSequence = 254;

    /// <summary>Deprecated Dispersy "reserved-255".</summary>
    public const byte Reserved255 = 255;

    /// <summary>Returns true for the deprecated Dispersy ids (235–244, 247, 248, 251–255).</summary>
    public static bool IsDeprecated(byte id) => GetDeprecatedName(id) is not null;

    /// <summary>Returns true for the ids every community reserves (231–255).</summary>
    public static bool IsReserved(byte id) => id > MaxApplicationId;

    /// <summary>Returns py-ipv8's name of a deprecated id ("on-missing-sequence", ...), or null when <paramref name="id"/> is not deprecated.</summary>
    public static string? GetDeprecatedName(byte id) => id switch
    {
        Reserved255 => "reserved-255",
        OnMissingSequence => "on-missing-sequence",
        MissingProof => "missing-proof",
        SignatureRequest => "signature-request",
        SignatureResponse => "signature-response",
        OnIdentity => "on-identity",
        OnMissingIdentity => "on-missing-identity",
        DestroyCommunity => "destroy-community",
        Authorize => "authorize",
        Revoke => "revoke",
        SubjectiveSet => "subjective-set",
        MissingSubjectiveSet => "missing-subjective-set",
        OnMissingMessage => "on-missing-message",
        UndoOwn => "undo-own",
        UndoOther => "undo-other",
        DynamicSettings => "dynamic-settings",
        MissingLastMessage => "missing-last-message",
        _ => null,
    };

    /// <summary>Returns a readable name of a community-level id (base and deprecated ids), or null for application ids.</summary>
    public static string? GetName(byte id) => id switch
    {
        IntroductionRequest => "introduction-request",
        IntroductionResponse => "introduction-response",
        PunctureRequest => "puncture-request",
        Puncture => "puncture",
        NewIntroductionRequest => "new-introduction-request",
        NewIntroductionResponse => "new-introduction-response",
        NewPunctureRequest => "new-puncture-request",
        NewPuncture => "new-puncture",
        _ => GetDeprecatedName(id),
    };
}
