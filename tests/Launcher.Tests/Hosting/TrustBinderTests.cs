using System.Reflection;
using System.Text.Json;
using Ipv8.Communities;
using Launcher.Definitions;
using Launcher.Configuration;
using Launcher.Tests.Support;

namespace Launcher.Tests.Hosting;

public sealed class TrustBinderTests
{
    private static ConfigValue Object(string json) => Options.Object(json);

    [Test]
    public void Keys_EveryPeerTrustOptionsProperty_IsBoundBySnakeCaseName()
    {
        var properties = typeof(PeerTrustOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));

        Assert.That(OptionsBinder.Keys(typeof(PeerTrustOptions)), Is.EqualTo(properties.Order(StringComparer.Ordinal)));
    }

    [Test]
    public void Bind_AllKeys_SetsEveryOptionWithDurationsInSeconds()
    {
        var options = OptionsBinder.Create<PeerTrustOptions>(Object("""
            {"enabled": false, "challenge_timeout": 2.5, "max_outstanding_requests": 11, "max_pending_challenges": 12,
             "max_proven_addresses": 13, "proven_address_lifetime": 90, "max_ledger_entries": 14, "ledger_window": 15, "pad_walks": false,
             "puncture_requests_per_second": 1.5, "puncture_request_burst": 3, "punctures_per_target_per_second": 0.5,
             "puncture_target_burst": 2, "max_rate_entries": 16, "silent_peer_time": 0, "full_answers_per_second": 7,
             "full_answer_burst": 8, "full_answers_per_prefix_per_second": 2.5, "full_answer_prefix_burst": 3, "full_answer_newcomer_reserve": 1.5,
             "early_answers_per_window": 4, "early_answer_window": 45}
            """).Properties);

        Assert.That(options, Is.EqualTo(new PeerTrustOptions
        {
            Enabled = false, ChallengeTimeout = TimeSpan.FromSeconds(2.5), MaxOutstandingRequests = 11, MaxPendingChallenges = 12,
            MaxProvenAddresses = 13, ProvenAddressLifetime = TimeSpan.FromSeconds(90), MaxLedgerEntries = 14, LedgerWindow = TimeSpan.FromSeconds(15), PadWalks = false,
            PunctureRequestsPerSecond = 1.5, PunctureRequestBurst = 3, PuncturesPerTargetPerSecond = 0.5, PunctureTargetBurst = 2,
            MaxRateEntries = 16, SilentPeerTime = TimeSpan.Zero, FullAnswersPerSecond = 7, FullAnswerBurst = 8,
            FullAnswersPerPrefixPerSecond = 2.5, FullAnswerPrefixBurst = 3, FullAnswerNewcomerReserve = 1.5, EarlyAnswersPerWindow = 4,
            EarlyAnswerWindow = TimeSpan.FromSeconds(45),
        }));
    }

    [Test]
    public void Check_UnknownKeyWrongTypesAndOutOfRange_ReportsEachWithTheSetting()
    {
        var errors = Options.InitializeProblems(Object("""
            {"trust": {"max_peer": 1, "pad_walks": "yes", "challenge_timeout": "10s", "max_rate_entries": 2.5}}
            """));

        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Count.EqualTo(4), string.Join("\n", errors));
            Assert.That(errors, Has.One.Contains("unknown setting 'max_peer'").And.One.Contains("max_proven_addresses"));
            Assert.That(errors, Has.One.EqualTo("trust.pad_walks: expected a boolean"));
            Assert.That(errors, Has.One.EqualTo("trust.challenge_timeout: expected a duration in seconds"));
            Assert.That(errors, Has.One.EqualTo("trust.max_rate_entries: expected an integer"));
            Assert.That(Options.InitializeProblems(Object("""{"trust": {"ledger_window": 0}}""")), Has.One.StartsWith("trust.ledger_window must be greater than 0"));
        });
    }

    [Test]
    public void Check_ZeroProvenAddressLifetime_IsReported()
    {
        var errors = Options.Problems(typeof(PeerTrustOptions), Object("""{"proven_address_lifetime": 0}"""));
        Assert.That(errors, Has.One.StartsWith("proven_address_lifetime must be greater than 0"), string.Join("\n", errors));
    }

    [Test]
    public void Bind_Invalid_ThrowsWithTheProblems() =>
        Assert.That(() => OptionsBinder.Create<PeerTrustOptions>(Object("""{"full_answer_burst": 0.5}""").Properties),
            Throws.TypeOf<FormatException>().With.Message.StartsWith("full_answer_burst must be "));

    [Test]
    public void Apply_InitializeWithTrust_SetsCommunitySettingsTrust()
    {
        var initialize = Object("""{"trust": {"enabled": false, "silent_peer_time": 5}}""");
        var settings = Options.ApplyInitialize(initialize);
        Assert.Multiple(() =>
        {
            Assert.That(Options.InitializeProblems(initialize), Is.Empty);
            Assert.That(settings.Trust, Is.EqualTo(new PeerTrustOptions { Enabled = false, SilentPeerTime = TimeSpan.FromSeconds(5) }));
            Assert.That(OptionsBinder.Keys(typeof(CommunitySettings)), Is.EqualTo(new[] { "bootstrap_timeout", "max_peers", "receive_limits", "trust" }));
        });
    }

    [Test]
    public void CommunitySettingsCheck_TrustOutOfRange_NamesTheSetting() =>
        Assert.That(Options.InitializeProblems(Object("""{"trust": {"max_pending_challenges": 0}}""")),
            Has.One.StartsWith("trust.max_pending_challenges must be at least 1"));

    [Test]
    public void Load_TrustWithWrongTypeAndUnknownKey_SchemaNamesFileLineAndPath()
    {
        var yaml = "overlays:\n  - class: ChatCommunity\n    initialize:\n      trust:\n        ledger_window: 30\n        pad_walk: true\n        challenge_timeout: ten\n";
        TestFiles.LoadOrErrors("overlays.yaml", yaml, out var errors);
        var messages = errors.Errors.Select(e => e.ToString()).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(messages, Has.Some.Contains("overlays.yaml:6").And.Contains("overlays[0].initialize.trust").And.Contains("pad_walk"), string.Join("\n", messages));
            Assert.That(messages, Has.Some.Contains("overlays.yaml:7").And.Contains("overlays[0].initialize.trust.challenge_timeout"), string.Join("\n", messages));
        });
    }
}
