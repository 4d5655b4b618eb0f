using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>Collects configuration errors so they can be reported together (design: "validate everything, fail once").</summary>
public sealed class ErrorList
{
    private readonly List<ConfigurationError> _errors = [];
    private readonly HashSet<ConfigurationError> _seen = [];

    /// <summary>The errors collected so far.</summary>
    public IReadOnlyList<ConfigurationError> Errors => _errors;

    /// <summary>True when at least one error was collected.</summary>
    public bool HasErrors => _errors.Count > 0;

    /// <summary>Adds an error (an identical error already collected is not repeated).</summary>
    /// <param name="origin">Where the offending value was declared.</param>
    /// <param name="path">The setting path (may be empty).</param>
    /// <param name="message">What is wrong.</param>
    public void Add(Origin origin, string path, string message) => Add(new ConfigurationError(origin, path, message));

    /// <summary>Adds an error (an identical error already collected is not repeated).</summary>
    /// <param name="error">The error.</param>
    public void Add(ConfigurationError error)
    {
        if (_seen.Add(error))
        {
            _errors.Add(error);
        }
    }

    /// <summary>Adds errors collected elsewhere.</summary>
    /// <param name="errors">The errors.</param>
    public void AddRange(IEnumerable<ConfigurationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var error in errors)
        {
            Add(error);
        }
    }

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
