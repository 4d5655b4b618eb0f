using System.Text;
using Launcher.Definitions;
using Launcher.Schema;

namespace Launcher.Configuration;

/// <summary>
/// Loads configuration files (<c>.yaml</c>/<c>.yml</c> or <c>.json</c>): parse with positions, apply override
/// layers (see <see cref="ConfigurationLoadOptions"/>), validate against <c>schemas/overlays.schema.json</c>,
/// bind to a <see cref="LauncherConfiguration"/> and run the cross-setting checks. Every problem is collected;
/// nothing is returned half-valid.
/// </summary>
public sealed class ConfigurationLoader
{
    /// <summary>Largest configuration file accepted (4 MiB).</summary>
    public const int MaxFileBytes = 4 * 1024 * 1024;

    private readonly ConfigurationLoadOptions _options;

    /// <summary>Creates a loader.</summary>
    /// <param name="options">Override layering; null uses the defaults (environment prefix <c>LAUNCHER__</c>).</param>
    public ConfigurationLoader(ConfigurationLoadOptions? options = null) => _options = options ?? new ConfigurationLoadOptions();

    /// <summary>
    /// Builds the process-wide schema validator (shared by every loader and <see cref="ConfigBuilder"/>) and
    /// runs it once on a small built-in configuration, so that the first real validation does not pay for the
    /// JIT compilation of the validator (tens of milliseconds in a fresh process). Meant for a spare thread at
    /// start-up; thread-safe, idempotent in effect, and it never reads a file. Calling it is optional.
    /// </summary>
    public static void PrepareSchema() => OverlaySchema.Embedded.WarmUp();

    /// <summary>Loads and validates a file.</summary>
    /// <param name="path">The file path (shown in error origins as given).</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ConfigurationException">The file is missing, malformed or invalid; carries every error.</exception>
    public LauncherConfiguration Load(string path)
    {
        var errors = new ErrorList();
        var configuration = TryLoad(path, errors);
        errors.ThrowIfAny();
        return configuration!;
    }

    /// <summary>Loads a file, adding every problem to <paramref name="errors"/> instead of throwing.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="errors">Receives the problems.</param>
    /// <returns>The configuration when no error was found in this file, else null.</returns>
    public LauncherConfiguration? TryLoad(string path, ErrorList errors)
    {
        var local = new ErrorList();
        var configuration = LoadPartial(path, local);
        errors.AddRange(local.Errors);
        return local.HasErrors ? null : configuration;
    }

    /// <summary>
    /// Loads a file and returns whatever could be bound even when there were errors (null only when the file
    /// cannot be read or parsed), so later steps can report their problems in the same run.
    /// </summary>
    /// <remarks>
    /// With <paramref name="deferred"/> given, the schema validation is left to it (see <see cref="DeferredSchemaValidation"/>):
    /// the caller runs it once the rest of its work is done.
    /// </remarks>
    internal LauncherConfiguration? LoadPartial(string path, ErrorList errors, DeferredSchemaValidation? deferred = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(errors);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxFileBytes)
            {
                errors.Add(Origin.InFile(path), "", $"the file is larger than {MaxFileBytes} bytes");
                return null;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add(Origin.InFile(path), "", "cannot read the file: " + ex.Message);
            return null;
        }

        return LoadPartial(path, bytes, errors, deferred);
    }

    /// <summary>Loads configuration text held in memory; <paramref name="fileName"/>'s extension picks the format.</summary>
    /// <param name="fileName">Name shown in origins; must end in .yaml, .yml or .json.</param>
    /// <param name="content">The UTF-8 file content.</param>
    /// <param name="errors">Receives the problems.</param>
    /// <returns>The configuration when no error was found, else null.</returns>
    public LauncherConfiguration? TryLoad(string fileName, byte[] content, ErrorList errors)
    {
        var local = new ErrorList();
        var configuration = LoadPartial(fileName, content, local);
        errors.AddRange(local.Errors);
        return local.HasErrors ? null : configuration;
    }

    internal LauncherConfiguration? LoadPartial(string fileName, byte[] content, ErrorList errors, DeferredSchemaValidation? deferred = null)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(errors);
        var root = Parse(fileName, content, errors);
        if (root is null)
        {
            return null;
        }

        var overrides = OverrideLayer.Apply(root, _options, errors);
        // The shared schema is taken only now (or, deferred, after the caller's other work), not when the loader is made:
        // in a fresh process building it is the slow part, and a start-up path builds it on another thread meanwhile
        // (see PrepareSchema).
        if (deferred is null)
        {
            OverlaySchema.Embedded.Validate(root, errors);
        }
        else
        {
            deferred.Defer(root, errors);
        }

        var configuration = ConfigurationBinder.Bind(root, Origin.InFile(fileName), errors) with
        {
            Overrides = EquatableArray.From(overrides),
        };
        ConfigurationChecks.Check(configuration, errors);
        return configuration;
    }

    private static ConfigNode? Parse(string fileName, byte[] content, ErrorList errors)
    {
        var body = content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? content[3..] : content;
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        switch (extension)
        {
            case ".yaml" or ".yml":
                using (var reader = new StringReader(Encoding.UTF8.GetString(body)))
                {
                    return YamlNodeReader.Read(fileName, reader, errors);
                }

            case ".json":
                return JsonNodeReader.Read(fileName, body, errors);
            default:
                errors.Add(Origin.InFile(fileName), "", $"unknown configuration format '{extension}' (use .yaml, .yml or .json)");
                return null;
        }
    }
}
