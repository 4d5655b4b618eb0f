namespace Launcher.Configuration;

/// <summary>
/// Thrown once with every configuration problem found (files, attributes, builder, names, launch order),
/// so a user fixes them all in one go. <see cref="Exception.Message"/> lists them one per line.
/// </summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception from the collected errors.</summary>
    /// <param name="errors">The errors; at least one.</param>
    public ConfigurationException(IReadOnlyList<ConfigurationError> errors)
        : base(Format(errors)) => Errors = errors;

    /// <summary>Creates the exception with a single message and no structured errors (for serializers and tools).</summary>
    public ConfigurationException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a single message.</summary>
    /// <param name="message">The message.</param>
    public ConfigurationException(string message)
        : base(message) => Errors = [];

    /// <summary>Creates the exception with a single message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    /// <summary>Every problem found, in the order found.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; }

    private static string Format(IReadOnlyList<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count switch
        {
            0 => "invalid configuration",
            1 => "invalid configuration: " + errors[0],
            _ => $"invalid configuration ({errors.Count} errors):" + Environment.NewLine
                + string.Join(Environment.NewLine, errors.Select(e => "  " + e)),
        };
    }
}
