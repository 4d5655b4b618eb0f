using Launcher.Definitions;

namespace Launcher.Hosting;

/// <summary>
/// Converts one configuration value to the type of an options property; each throws
/// <see cref="InvalidOperationException"/> whose message says what was expected (shown after the setting's name).
/// </summary>
internal static class OptionValue
{
    public static bool Boolean(ConfigValue value) =>
        value.Kind == ConfigValueKind.Boolean ? value.AsBoolean() : throw new InvalidOperationException("expected a boolean");

    public static double Number(ConfigValue value) =>
        value.Kind == ConfigValueKind.Number && double.IsFinite(value.AsNumber()) ? value.AsNumber() : throw new InvalidOperationException("expected a number");

    public static int Integer(ConfigValue value) =>
        value.IsInteger && value.AsNumber() is >= int.MinValue and <= int.MaxValue ? (int)value.AsNumber() : throw new InvalidOperationException("expected an integer");

    /// <summary>A duration written as seconds (integer or fraction), like every duration in the configuration.</summary>
    public static TimeSpan Seconds(ConfigValue value) =>
        value.Kind == ConfigValueKind.Number && double.IsFinite(value.AsNumber()) && Math.Abs(value.AsNumber()) < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(value.AsNumber())
            : throw new InvalidOperationException("expected a duration in seconds");
}
