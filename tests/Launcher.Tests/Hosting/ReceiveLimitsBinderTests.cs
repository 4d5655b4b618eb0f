using Ipv8.Messaging;
using Launcher.Definitions;
using Launcher.Configuration;
using Launcher.Schema;
using Launcher.Tests.Support;

namespace Launcher.Tests.Hosting;

public sealed class ReceiveLimitsBinderTests
{
    private static ConfigValue Object(string json) => Options.Object(json);

    [Test]
    public void Bind_AllKeys_SetsEveryOption()
    {
        var options = OptionsBinder.Create<ReceiveLimitOptions>(Object("""
            {"enabled": false, "address_rate": 1, "address_burst": 2, "prefix_rate": 3, "prefix_burst": 4, "global_rate": 5,
             "global_burst": 6, "max_addresses": 7, "max_prefixes": 8, "ipv4_prefix_length": 16, "ipv6_prefix_length": 48}
            """).Properties);

        Assert.That(options, Is.EqualTo(new ReceiveLimitOptions
        {
            Enabled = false, AddressRate = 1, AddressBurst = 2, PrefixRate = 3, PrefixBurst = 4, GlobalRate = 5, GlobalBurst = 6,
            MaxAddresses = 7, MaxPrefixes = 8, IPv4PrefixLength = 16, IPv6PrefixLength = 48,
        }));
    }

    [Test]
    public void Check_UnknownKeyWrongTypeAndOutOfRange_ReportsEach()
    {
        var errors = Options.InitializeProblems(Object("""{"receive_limits": {"adress_rate": 1, "max_prefixes": 1.5, "global_rate": -1}}"""));

        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Count.EqualTo(3));
            Assert.That(errors, Has.One.Contains("unknown setting 'adress_rate'"));
            Assert.That(errors, Has.One.Contains("receive_limits.max_prefixes"));
            Assert.That(errors, Has.One.StartsWith("receive_limits.global_rate must be "));
        });
    }

    [Test]
    public void Apply_InitializeWithReceiveLimits_SetsCommunitySettingsAndKeepsOtherKeys()
    {
        var initialize = Object("""{"max_peers": 12, "receive_limits": {"prefix_rate": 7}}""");
        Assert.That(Options.InitializeProblems(initialize), Is.Empty);
        var settings = Options.ApplyInitialize(initialize);
        Assert.Multiple(() =>
        {
            Assert.That(settings.MaxPeers, Is.EqualTo(12));
            Assert.That(settings.ReceiveLimits, Is.EqualTo(new ReceiveLimitOptions { PrefixRate = 7 }));
            Assert.That(OptionsBinder.Keys(typeof(Ipv8.Communities.CommunitySettings)), Does.Contain("receive_limits"));
        });
    }

    [Test]
    public void Schema_ReceiveLimits_PropertiesEqualTheKeysTheBinderBinds()
    {
        var schema = OverlaySchema.Embedded.Root;
        var definition = schema.GetProperty("$defs").GetProperty("receive_limits");
        var properties = definition.GetProperty("properties").EnumerateObject().Select(p => p.Name);

        Assert.Multiple(() =>
        {
            Assert.That(OptionsBinder.Keys(typeof(ReceiveLimitOptions)), Is.EqualTo(properties.Order(StringComparer.Ordinal)));
            Assert.That(definition.GetProperty("additionalProperties").GetBoolean(), Is.False);
        });
    }

    [Test]
    public void Load_ReceiveLimitsWithUnknownKey_SchemaNamesThePath()
    {
        var yaml = "overlays:\n  - class: ChatCommunity\n    initialize:\n      max_peers: 10\n      receive_limits:\n        prefix_rte: 5\n";
        TestFiles.LoadOrErrors("overlays.yaml", yaml, out var errors);

        Assert.That(errors.Errors.Select(e => e.ToString()), Has.One.Contains("overlays[0].initialize.receive_limits").And.One.Contains("prefix_rate"));
    }
}
