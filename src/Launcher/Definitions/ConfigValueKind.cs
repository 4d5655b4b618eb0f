namespace Launcher.Definitions;

/// <summary>The kind of a JSON-like <see cref="ConfigValue"/>.</summary>
public enum ConfigValueKind
{
    /// <summary>JSON <c>null</c> (YAML <c>~</c> or <c>null</c>).</summary>
    Null,

    /// <summary>A boolean.</summary>
    Boolean,

    /// <summary>A number (stored as a double; integers up to 2^53 are exact).</summary>
    Number,

    /// <summary>A string.</summary>
    String,

    /// <summary>An ordered list of values.</summary>
    Array,

    /// <summary>A map from string keys to values (key order is not significant).</summary>
    Object,
}
