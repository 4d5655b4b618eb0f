using System.CommandLine;
using System.Globalization;

namespace Launcher.Cli;

/// <summary>Options and arguments shared by several commands.</summary>
internal static class CliOptions
{
    /// <summary>The default configuration file of <c>run</c>.</summary>
    public const string DefaultFile = "overlays.yaml";

    public static Argument<string> File(bool optional) => new("file")
    {
        Description = "The configuration file (YAML or JSON).",
        Arity = optional ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne,
        DefaultValueFactory = _ => DefaultFile,
    };

    public static Option<string?> Plugins() => new("--plugins")
    {
        Description = "The plugins directory (default: plugins/ beside the configuration file).",
    };

    public static Option<string?> Duration() => new("--duration")
    {
        Description = "Stop by itself after this long (e.g. 30s, 2m, 00:01:00, or seconds).",
    };

    /// <summary>Parses 30s, 2m, 1h, 1.5 (seconds) or hh:mm:ss.</summary>
    /// <exception cref="FormatException">The text is not a duration.</exception>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var unit = text[^1];
        var number = text[..^1];
        if (unit is 's' or 'm' or 'h' && double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0)
        {
            return unit switch { 's' => TimeSpan.FromSeconds(value), 'm' => TimeSpan.FromMinutes(value), _ => TimeSpan.FromHours(value) };
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero
            ? span
            : throw new FormatException($"'{text}' is not a duration (e.g. 30s, 2m, 00:01:00)");
    }
}
