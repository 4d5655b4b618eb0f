using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Hosting;

/// <summary>
/// Binds one configuration object (e.g. <c>initialize: { trust: {...} }</c>) onto an immutable options record: one
/// snake_case key per property, absent keys keep the seed's values. Unknown keys, values of the wrong type and the
/// record's own range check (its <c>Validate()</c>) each become one problem naming the setting.
/// </summary>
/// <typeparam name="T">The options record.</typeparam>
/// <param name="key">The object's key in the configuration (used in messages).</param>
/// <param name="validate">The record's range check; throws <see cref="ArgumentException"/> naming the property.</param>
/// <param name="setters">One setter per key; each converts with <see cref="OptionValue"/>.</param>
internal sealed class OptionsRecordBinder<T>(string key, Action<T> validate, IReadOnlyDictionary<string, Func<T, ConfigValue, T>> setters)
    where T : class, new()
{
    /// <summary>Gets the object's key in the configuration.</summary>
    public string Key { get; } = key;

    /// <summary>Gets the keys the object accepts.</summary>
    public IEnumerable<string> Keys => setters.Keys;

    /// <summary>Returns one message per problem, each starting with <c>key.setting:</c>.</summary>
    public IEnumerable<string> Check(ConfigValue value) =>
        Problems(value, new T()).Select(p => p.Setting is null ? $"{Key}: {p.Message}" : $"{Key}.{p.Setting}: {p.Message}");

    /// <summary>Returns the options <paramref name="value"/> describes, starting from defaults.</summary>
    /// <exception cref="InvalidOperationException">The value is not valid (run <see cref="Check(ConfigValue)"/> first).</exception>
    public T Bind(ConfigValue value) => Bind(value, new T());

    /// <summary>Returns <paramref name="seed"/> with the settings of <paramref name="value"/> applied.</summary>
    /// <exception cref="InvalidOperationException">The value is not valid (run <see cref="Check(ConfigValue)"/> first).</exception>
    public T Bind(ConfigValue value, T seed)
    {
        var problems = new List<(string?, string)>();
        var options = Apply(value, seed, problems);
        return problems.Count == 0 ? options : throw new InvalidOperationException(string.Join("; ", Check(value)));
    }

    /// <summary>
    /// Checks an object node of a file being loaded and returns its settings. Each problem is reported at the line of its
    /// setting, unless the schema already reported something inside the object (then the schema's messages stand alone).
    /// </summary>
    public SettingsMap Check(ConfigNode node, string path, ErrorList errors)
    {
        var settings = node.Settings();
        if (errors.Errors.Any(e => e.Path == path || e.Path.StartsWith(path + ".", StringComparison.Ordinal)))
        {
            return settings;
        }

        foreach (var (setting, message) in Problems(ConfigValue.FromObject(settings), new T()))
        {
            var origin = setting is null ? node.Origin : node.Get(setting)?.Origin ?? node.Origin;
            errors.Add(origin, setting is null ? path : ConfigNode.Child(path, setting), message);
        }

        return settings;
    }

    private List<(string? Setting, string Message)> Problems(ConfigValue value, T seed)
    {
        var problems = new List<(string?, string)>();
        Apply(value, seed, problems);
        return problems;
    }

    private T Apply(ConfigValue value, T seed, List<(string? Setting, string Message)> problems)
    {
        if (value.Kind != ConfigValueKind.Object)
        {
            problems.Add((null, $"expected an object with keys {string.Join(", ", Keys)}"));
            return seed;
        }

        var options = seed;
        foreach (var (setting, item) in value.Properties)
        {
            if (!setters.TryGetValue(setting, out var set))
            {
                problems.Add((null, $"unknown setting '{setting}'; known: {string.Join(", ", Keys.Order(StringComparer.Ordinal))}"));
                continue;
            }

            try
            {
                options = set(options, item);
            }
            catch (InvalidOperationException exception)
            {
                problems.Add((setting, exception.Message));
            }
        }

        try
        {
            validate(options);
        }
        catch (ArgumentException exception)
        {
            problems.Add((SettingOf(exception.ParamName), exception.Message.Split(Environment.NewLine)[0].Split(" (Parameter")[0]));
        }

        return options;
    }

    /// <summary>The key of a property named by a range check (<c>MaxPeers</c> → <c>max_peers</c>, <c>IPv4PrefixLength</c> → <c>ipv4_prefix_length</c>).</summary>
    private string? SettingOf(string? propertyName) =>
        propertyName is null ? null : Keys.FirstOrDefault(k => string.Equals(k.Replace("_", "", StringComparison.Ordinal), propertyName, StringComparison.OrdinalIgnoreCase));
}
