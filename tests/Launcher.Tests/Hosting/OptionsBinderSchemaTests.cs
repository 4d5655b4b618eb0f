using System.Globalization;
using System.Text.Json;
using Launcher.Definitions;
using Launcher.Configuration;
using Launcher.Tests.Support;
using Launcher.Schema;

namespace Launcher.Tests.Hosting;

/// <summary>
/// The schema's <c>$defs/receive_limits</c>, <c>$defs/trust</c> and <c>$defs/tracker_limits</c> against the binders:
/// same keys, unknown keys forbidden, and every numeric bound the schema states is the one the options record's
/// <c>Validate()</c> enforces (just inside passes the binder, just outside fails it).
/// </summary>
public sealed class OptionsBinderSchemaTests
{
    public static IEnumerable<TestCaseData> Binders()
    {
        yield return Case("receive_limits", typeof(Ipv8.Messaging.ReceiveLimitOptions));
        yield return Case("trust", typeof(Ipv8.Communities.PeerTrustOptions));
        yield return Case("tracker_limits", typeof(Ipv8.Tracker.TrackerOptions));
    }

    public static IEnumerable<TestCaseData> Defaults()
    {
        yield return new TestCaseData("receive_limits", new Ipv8.Messaging.ReceiveLimitOptions()).SetArgDisplayNames("receive_limits");
        yield return new TestCaseData("trust", new Ipv8.Communities.PeerTrustOptions()).SetArgDisplayNames("trust");
        yield return new TestCaseData("tracker_limits", new Ipv8.Tracker.TrackerOptions()).SetArgDisplayNames("tracker_limits");
    }

    [TestCaseSource(nameof(Defaults))]
    public void Schema_Descriptions_StateTheRecordsDefaults(string definition, object defaults)
    {
        var schema = OverlaySchema.Embedded.Root;
        Assert.Multiple(() =>
        {
            foreach (var property in Definition(schema, definition).GetProperty("properties").EnumerateObject())
            {
                var member = defaults.GetType().GetProperties().Single(p =>
                    string.Equals(p.Name, property.Name.Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
                var text = member.GetValue(defaults) switch
                {
                    bool b => b ? "true" : "false",
                    TimeSpan t => t.TotalSeconds.ToString(CultureInfo.InvariantCulture),
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var other => other?.ToString(),
                };
                Assert.That(property.Value.GetProperty("description").GetString(), Does.Match($@"(?i)\bdefault {System.Text.RegularExpressions.Regex.Escape(text!)}(?![0-9])"), property.Name);
            }
        });
    }

    private static TestCaseData Case(string definition, Type optionsType) =>
        new TestCaseData(definition, OptionsBinder.Keys(optionsType).ToList(), (Func<ConfigValue, IEnumerable<string>>)(v => Options.Problems(optionsType, v))).SetArgDisplayNames(definition);

    private static JsonElement Definition(JsonElement schema, string name) => schema.GetProperty("$defs").GetProperty(name);

    [TestCaseSource(nameof(Binders))]
    public void Schema_Definition_HasTheBindersKeysAndForbidsOthers(string definition, List<string> keys, Func<ConfigValue, IEnumerable<string>> check)
    {
        var schema = OverlaySchema.Embedded.Root;
        var properties = Definition(schema, definition).GetProperty("properties").EnumerateObject().Select(p => p.Name);

        Assert.Multiple(() =>
        {
            Assert.That(keys.Order(StringComparer.Ordinal), Is.EqualTo(properties.Order(StringComparer.Ordinal)));
            Assert.That(Definition(schema, definition).GetProperty("additionalProperties").GetBoolean(), Is.False);
            Assert.That(check(Object("unknown_setting", 1)), Has.One.Contains("unknown setting 'unknown_setting'"));
        });
    }

    [TestCaseSource(nameof(Binders))]
    public void Schema_NumericBounds_AreTheOnesValidateEnforces(string definition, List<string> keys, Func<ConfigValue, IEnumerable<string>> check)
    {
        var schema = OverlaySchema.Embedded.Root;
        var checkedBounds = 0;
        Assert.Multiple(() =>
        {
            foreach (var property in Definition(schema, definition).GetProperty("properties").EnumerateObject())
            {
                var type = property.Value.GetProperty("type").GetString();
                if (type is not ("number" or "integer"))
                {
                    continue;
                }

                var step = type == "integer" ? 1 : 0.5;
                foreach (var (bound, inside, outside) in Bounds(property.Value, step))
                {
                    Assert.That(check(Object(property.Name, inside)), Is.Empty, $"{property.Name} = {inside} is inside the schema's {bound}");
                    Assert.That(check(Object(property.Name, outside)), Is.Not.Empty, $"{property.Name} = {outside} is outside the schema's {bound}");
                    checkedBounds++;
                }
            }
        });

        Assert.That(checkedBounds, Is.GreaterThanOrEqualTo(keys.Count(k => k != "enabled" && k != "pad_walks")));
    }

    private static IEnumerable<(string Bound, double Inside, double Outside)> Bounds(JsonElement schema, double step)
    {
        if (schema.TryGetProperty("minimum", out var minimum))
        {
            yield return ("minimum", minimum.GetDouble(), minimum.GetDouble() - step);
        }

        if (schema.TryGetProperty("exclusiveMinimum", out var exclusive))
        {
            yield return ("exclusiveMinimum", exclusive.GetDouble() + step, exclusive.GetDouble());
        }

        if (schema.TryGetProperty("maximum", out var maximum))
        {
            yield return ("maximum", maximum.GetDouble(), maximum.GetDouble() + 1);
        }
    }

    private static ConfigValue Object(string key, double value) =>
        ConfigValue.FromJson(JsonDocument.Parse($$"""{"{{key}}": {{value.ToString("R", CultureInfo.InvariantCulture)}}}""").RootElement);
}
