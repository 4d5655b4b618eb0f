using System.Globalization;

namespace Ipv8.Discovery;

/// <summary>Collects range violations of strategy options: as messages for <see cref="IStrategyOptions.Validate"/>, or as the first exception.</summary>
internal sealed class OptionChecks
{
    private readonly List<string> _errors = [];
    private ArgumentOutOfRangeException? _first;

    public IReadOnlyList<string> Errors => _errors;

    public OptionChecks Positive(TimeSpan value, string property, string setting)
        => Check(value > TimeSpan.Zero, value, property, setting, "must be greater than 0");

    public OptionChecks NotNegative(TimeSpan value, string property, string setting)
        => Check(value >= TimeSpan.Zero, value, property, setting, "must not be negative");

    public OptionChecks InRange(int value, int min, int max, string property, string setting)
        => Check(value >= min && value <= max, value, property, setting, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}"));

    public OptionChecks AtLeast(int value, int min, string property, string setting)
        => Check(value >= min, value, property, setting, string.Create(CultureInfo.InvariantCulture, $"must be at least {min}"));

    public OptionChecks Require(bool condition, object value, string property, string setting, string rule)
        => Check(condition, value, property, setting, rule);

    public void ThrowIfAny()
    {
        if (_first is not null)
        {
            throw _first;
        }
    }

    private static string Format(object value) => value switch
    {
        TimeSpan t => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds} s"),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private OptionChecks Check(bool ok, object value, string property, string setting, string rule)
    {
        if (!ok)
        {
            var message = $"{setting} {rule} (was {Format(value)})";
            _errors.Add(message);
            _first ??= new ArgumentOutOfRangeException(property, value, message);
        }

        return this;
    }
}
