using Launcher.Schema;

namespace Launcher.Configuration;

/// <summary>
/// Schema validations of loaded files, run after the rest of the model is built instead of during the load, with their
/// errors put where the load would have put them (after the file's parse and override errors, before its binding
/// errors), so the report is the same as with validation in place. In a fresh process the schema's validator is the
/// slowest thing to build (JsonSchema.Net builds every draft's meta-schema); a start-up path builds it on another
/// thread (<see cref="ConfigurationLoader.PrepareSchema"/>) while this thread binds and resolves the files, and only
/// waits for it, if at all, at <see cref="ValidateAll"/>. Binding and model building never relied on the schema having
/// passed: they already ran on files with schema errors, to report everything in one run. Checks that stay quiet where
/// the schema has spoken (<see cref="ErrorList.AddUnlessReported"/>) have their errors taken back when it then does.
/// </summary>
internal sealed class DeferredSchemaValidation
{
    private readonly List<(ConfigNode Root, int Index)> _pending = [];

    /// <summary>Records <paramref name="root"/> for validation, its errors to go at the end of <paramref name="errors"/> as it is now.</summary>
    public void Defer(ConfigNode root, ErrorList errors)
    {
        _pending.Add((root, errors.Errors.Count));
        errors.ExpectInsertion();
    }

    /// <summary>Validates every recorded file against the embedded schema, putting each one's errors in its place.</summary>
    public void ValidateAll(ErrorList errors)
    {
        // The last recorded first: inserting a file's errors never moves the place of an earlier file's.
        for (var i = _pending.Count - 1; i >= 0; i--)
        {
            var (root, index) = _pending[i];
            var found = new ErrorList();
            OverlaySchema.Embedded.Validate(root, found);
            errors.InsertRange(index, found.Errors);
        }

        _pending.Clear();
        errors.InsertionsDone();
    }
}
