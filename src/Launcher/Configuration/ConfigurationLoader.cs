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

    /// <summary>The file name <see cref="PrepareParsing"/>'s sample goes by (nothing is read or written under it).</summary>
    private const string SampleFileName = "warm-up.yaml";

    /// <summary>A small configuration in the shape of the repository's overlays.yaml, parsed and bound by <see cref="PrepareParsing"/>.</summary>
    private const string ParsingSample = """
        instances: 1
        interfaces:
          - {interface: UDPIPv4, ip: 127.0.0.1, port: 0}
        keys:
          - {alias: warm-up, generation: curve25519, ephemeral: true}
        logger: {level: WARNING}
        walker_interval: 0.5
        tracker: {address: 127.0.0.1, port: 0}
        overlays:
          - name: WarmUp
            class: GenericOverlay
            community_id: 5761726d2d7570207761726d2d7570207761726d
            key: warm-up
            walkers:
              - strategy: RandomWalk
                peers: 20
                init: {timeout: 3.0}
            bootstrappers:
              - class: DispersyBootstrapper
                init:
                  ip_addresses: [["127.0.0.1", 18090]]
                  bootstrap_timeout: 5.0
            initialize: {max_peers: 30}
        """;

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

    /// <summary>
    /// True once the process-wide schema validator exists (<see cref="PrepareSchema"/> or a first load built it), so a
    /// load no longer waits for it. Building it is the costly part of a first load in a fresh process (JsonSchema.Net
    /// builds every draft's meta-schema), which a start-up path can overlap with other work while this is false.
    /// </summary>
    public static bool IsSchemaPrepared => OverlaySchema.IsEmbeddedBuilt;

    /// <summary>
    /// Parses and binds a small built-in YAML configuration without the schema, so that the first real load does not pay
    /// for the JIT compilation of the YAML parser and the binder. Never touches the schema (it does not wait for
    /// <see cref="PrepareSchema"/>), reads no file and no environment variable. Meant for a start-up path while the schema
    /// is being built elsewhere; thread-safe. Calling it is optional.
    /// </summary>
    /// <returns>
    /// The bound sample (one ephemeral curve25519 key, one <c>GenericOverlay</c> with a RandomWalk walker and a
    /// DispersyBootstrapper to 127.0.0.1:18090 (never contacted), a tracker on port 0), for a caller that also wants to compile model building
    /// with it; null if it did not bind cleanly. It was not validated against the schema: use it for nothing else.
    /// </returns>
    public static LauncherConfiguration? PrepareParsing()
    {
        var errors = new ErrorList();
        var root = Parse(SampleFileName, Encoding.UTF8.GetBytes(ParsingSample), errors);
        if (root is null)
        {
            return null;
        }

        var configuration = ConfigurationBinder.Bind(root, Origin.InFile(SampleFileName), errors);
        ConfigurationChecks.Check(configuration, errors);
        return errors.HasErrors ? null : configuration;
    }

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
    internal LauncherConfiguration? LoadPartial(string path, ErrorList errors)
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

        return LoadPartial(path, bytes, errors);
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

    internal LauncherConfiguration? LoadPartial(string fileName, byte[] content, ErrorList errors)
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
        // The shared schema is taken only now, not when the loader is made: in a fresh process building it is the slow
        // part, and a start-up path builds it on another thread while this one gets here (see PrepareSchema).
        OverlaySchema.Embedded.Validate(root, errors);
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
