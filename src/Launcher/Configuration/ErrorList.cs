using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>Collects configuration errors so they can be reported together (design: "validate everything, fail once").</summary>
public sealed class ErrorList
{
    private readonly List<ConfigurationError> _errors = [];
    private readonly HashSet<ConfigurationError> _seen = [];

    // Errors added while a schema validation was still to come (AddUnlessReported), with what would have kept them out had
    // it run in place: an error it then inserts before them and matches removes them again.
    private List<(int SeenAt, ConfigurationError[] Errors, Func<ConfigurationError, bool> ReportedBy)>? _provisional;
    private bool _insertionExpected;

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

    /// <summary>
    /// Puts <paramref name="errors"/> at <paramref name="index"/>, where they would be had they been added when the list
    /// held <paramref name="index"/> errors: for a check run later than its place in the report (the schema's, see
    /// <see cref="DeferredSchemaValidation"/>). An identical error already collected after that place moves up to it;
    /// one collected before it stays where it is.
    /// </summary>
    /// <param name="index">The position, at most <see cref="Errors"/>' count.</param>
    /// <param name="errors">The errors, in their order.</param>
    /// <remarks>
    /// <paramref name="index"/> counts the errors as they were when the check was expected (<see cref="ExpectInsertion"/>);
    /// insert the last expected check first, so no earlier place has moved. Errors added through
    /// <see cref="AddUnlessReported"/> after that place, which one of the inserted errors would have kept out, are removed.
    /// </remarks>
    internal void InsertRange(int index, IEnumerable<ConfigurationError> errors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(index, _errors.Count);
        var inserted = new List<ConfigurationError>();
        var at = index;
        foreach (var error in errors)
        {
            if (!_seen.Add(error))
            {
                var existing = _errors.IndexOf(error);
                if (existing < at)
                {
                    continue;
                }

                _errors.RemoveAt(existing);
            }

            _errors.Insert(at++, error);
            inserted.Add(error);
        }

        _provisional?.RemoveAll(added =>
        {
            if (added.SeenAt < index || !inserted.Any(added.ReportedBy))
            {
                return false;
            }

            foreach (var error in added.Errors)
            {
                _errors.Remove(error);
                _seen.Remove(error);
            }

            return true;
        });
    }

    /// <summary>
    /// Adds <paramref name="errors"/> unless an error already collected matches <paramref name="reportedBy"/> (a check that
    /// defers to another's report of the same setting, e.g. options validation to the schema's). While a check is still to
    /// be inserted (<see cref="ExpectInsertion"/>), the errors are taken back if it inserts a matching error before them,
    /// so the outcome is the one of running that check in place.
    /// </summary>
    internal void AddUnlessReported(IReadOnlyCollection<ConfigurationError> errors, Func<ConfigurationError, bool> reportedBy)
    {
        if (errors.Count == 0 || _errors.Any(reportedBy))
        {
            return;
        }

        var seenAt = _errors.Count;
        foreach (var error in errors)
        {
            Add(error);
        }

        if (_insertionExpected)
        {
            (_provisional ??= []).Add((seenAt, [.. errors], reportedBy));
        }
    }

    /// <summary>Announces a check whose errors will be put in place later with <see cref="InsertRange"/>.</summary>
    internal void ExpectInsertion() => _insertionExpected = true;

    /// <summary>Every announced check has been inserted: errors added from now on are final.</summary>
    internal void InsertionsDone()
    {
        _insertionExpected = false;
        _provisional = null;
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
