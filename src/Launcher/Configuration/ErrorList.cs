using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>Collects configuration errors so they can be reported together (design: "validate everything, fail once").</summary>
public sealed class ErrorList
{
    private readonly List<ConfigurationError> _errors = [];

    /// <summary>The errors collected so far.</summary>
    public IReadOnlyList<ConfigurationError> Errors => _errors;

    /// <summary>True when at least one error was collected.</summary>
    public bool HasErrors => _errors.Count > 0;

    /// <summary>Adds an error.</summary>
    /// <param name="origin">Where the offending value was declared.</param>
    /// <param name="path">The setting path (may be empty).</param>
    /// <param name="message">What is wrong.</param>
    public void Add(Origin origin, string path, string message) => _errors.Add(new(origin, path, message));

    /// <summary>Adds errors collected elsewhere.</summary>
    /// <param name="errors">The errors.</param>
    public void AddRange(IEnumerable<ConfigurationError> errors) => _errors.AddRange(errors);

    /// <summary>Throws a <see cref="ConfigurationException"/> carrying every error, if there are any.</summary>
    /// <exception cref="ConfigurationException">At least one error was collected.</exception>
    public void ThrowIfAny()
    {
        if (HasErrors)
        {
            throw new ConfigurationException([.. _errors]);
        }
    }
}
