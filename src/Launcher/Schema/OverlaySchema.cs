using System.Text.Json;
using Json.Schema;
using Launcher.Configuration;

namespace Launcher.Schema;

/// <summary>
/// The configuration schema (<c>schemas/overlays.schema.json</c>, embedded in this assembly) evaluated by
/// JsonSchema.Net (all of JSON Schema draft 2020-12). <see cref="Validate"/> runs before any value is bound and
/// reports every violation with the node's file:line:column and setting path. Instances are immutable and
/// safe to share between threads (evaluations of one instance run one at a time).
/// </summary>
internal sealed class OverlaySchema
{
    /// <summary>The manifest name of the embedded schema.</summary>
    public const string ResourceName = "Launcher.overlays.schema.json";

    // Built once per process on first use; immutable afterwards.
    private static readonly Lazy<OverlaySchema> EmbeddedSchema = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly JsonSchema _schema;

    // One evaluation at a time: run's warm-up thread and its main thread can now evaluate at the same moment, and
    // JsonSchema.Net does not document its evaluation as safe for concurrent first use (it may fill caches of its own).
    // An evaluation of a configuration takes well under a millisecond once compiled, so nothing measurable waits here.
    private readonly Lock _evaluation = new();

    private OverlaySchema(JsonElement root)
    {
        Root = root;

        // A registry of its own: the global one rejects a second schema with the same $id (tests build several),
        // and nothing outside this instance should be able to change what a $ref resolves to.
        _schema = JsonSchema.Build(root, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    }

    /// <summary>The schema embedded in this assembly, built once per process.</summary>
    public static OverlaySchema Embedded => EmbeddedSchema.Value;

    /// <summary>The schema document (not backed by a pooled buffer: nothing to dispose).</summary>
    public JsonElement Root { get; }

    /// <summary>Builds a new instance from the embedded schema (prefer <see cref="Embedded"/>).</summary>
    /// <exception cref="InvalidOperationException">The resource is missing.</exception>
    /// <exception cref="JsonSchemaException">The schema is not a valid JSON Schema.</exception>
    public static OverlaySchema LoadEmbedded()
    {
        using var stream = typeof(OverlaySchema).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing");
        using var document = JsonDocument.Parse(stream);
        return new OverlaySchema(document.RootElement.Clone());
    }

    /// <summary>Builds a schema from JSON text (tests).</summary>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    /// <exception cref="JsonSchemaException">The schema is not a valid JSON Schema.</exception>
    public static OverlaySchema Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new OverlaySchema(document.RootElement.Clone());
    }

    /// <summary>
    /// Evaluates a small valid configuration (interfaces, keys, an overlay with walker, bootstrapper and
    /// initialize, a tracker) and discards the result: the first evaluation compiles JsonSchema.Net's keyword code
    /// (≈ 40–60 ms of JIT on this machine), which a start-up path can so move to a spare thread.
    /// </summary>
    public void WarmUp()
    {
        using var sample = JsonDocument.Parse("""
            {"interfaces": [{"interface": "UDPIPv4", "ip": "127.0.0.1", "port": 0}],
             "keys": [{"alias": "warm-up", "generation": "curve25519"}],
             "logger": {"level": "INFO"}, "walker_interval": 0.5, "instances": 1,
             "overlays": [{"class": "WarmUp", "key": "warm-up", "walkers": [{"strategy": "RandomWalk", "peers": 20, "init": {"timeout": 3.0}}],
                           "bootstrappers": [{"class": "DispersyBootstrapper", "init": {}}], "initialize": {"max_peers": 30}, "on_start": [["started"]]}],
             "tracker": {"address": "127.0.0.1", "port": 0}}
            """);
        lock (_evaluation)
        {
            _ = _schema.Evaluate(sample.RootElement, NewEvaluationOptions(OutputFormat.Flag));
        }
    }

    /// <summary>Validates a node tree, adding every violation (sorted by position) to <paramref name="errors"/>.</summary>
    /// <param name="root">The parsed configuration.</param>
    /// <param name="errors">Receives the problems.</param>
    public void Validate(ConfigNode root, ErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(errors);
        SchemaInstance instance;
        try
        {
            instance = SchemaInstance.From(root);
        }
        catch (InvalidDataException ex)
        {
            errors.Add(root.Origin, "", ex.Message);
            return;
        }

        // A valid file (the usual case, and the one start-up time is measured on) needs only the verdict: the flag output
        // builds no result tree, which in a fresh process is also less code to compile. Only a file with problems is
        // evaluated again for the hierarchical output the messages are made from, so they are the same as always.
        EvaluationResults results;
        lock (_evaluation)
        {
            if (instance.NonFinite.Count == 0 && _schema.Evaluate(instance.Element, NewEvaluationOptions(OutputFormat.Flag)).IsValid)
            {
                return;
            }

            results = _schema.Evaluate(instance.Element, NewEvaluationOptions(OutputFormat.Hierarchical));
        }

        if (results.IsValid && instance.NonFinite.Count == 0)
        {
            return;
        }

        errors.AddRange(new SchemaErrorReporter(Root, instance).Describe(results));
    }

    // Hierarchical output keeps every failed keyword with its instance location (not only the first failure) and
    // shows which results are the branches of an anyOf/oneOf; Flag only says valid or not. A new options object per
    // call: they are mutable.
    private static EvaluationOptions NewEvaluationOptions(OutputFormat format) => new()
    {
        OutputFormat = format,
        Culture = System.Globalization.CultureInfo.InvariantCulture,
    };
}
