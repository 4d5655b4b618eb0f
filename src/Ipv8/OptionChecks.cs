using System.Globalization;

namespace Ipv8;

/// <summary>
/// Collects range violations of an options record: every one as a message for <see cref="IValidatableOptions.Validate"/>,
/// or the first as an <see cref="ArgumentOutOfRangeException"/> naming the property (for constructors).
/// </summary>
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

    public OptionChecks AtMost(int value, int max, string property, string setting)
        => Check(value <= max, value, property, setting, string.Create(CultureInfo.InvariantCulture, $"must be at most {max}"));

    /// <summary>A rate: a finite number greater than 0.</summary>
    public OptionChecks Positive(double value, string property, string setting)
        => Check(double.IsFinite(value) && value > 0, value, property, setting, "must be a finite number greater than 0");

    /// <summary>A burst or budget: a finite number of at least <paramref name="min"/>.</summary>
    public OptionChecks AtLeast(double value, double min, string property, string setting)
        => Check(double.IsFinite(value) && value >= min, value, property, setting, string.Create(CultureInfo.InvariantCulture, $"must be a finite number of at least {min}"));

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
