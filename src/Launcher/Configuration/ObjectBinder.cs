using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// Binds the properties of one object node onto an immutable definition, one setter per key. The setters'
/// keys are the single list of what the code binds (a test compares them with the schema). Values of the
/// wrong type are skipped silently: the schema validator has already reported them.
/// </summary>
/// <typeparam name="T">The definition type.</typeparam>
internal sealed class ObjectBinder<T>(string schemaDefinition, IReadOnlyDictionary<string, Func<T, ConfigNode, string, ErrorList, T>> setters)
{
    /// <summary>Where the object is described in the schema: <c>#</c> (root), <c>logger</c>, <c>tracker</c> or a <c>$defs</c> name.</summary>
    public string SchemaDefinition { get; } = schemaDefinition;

    /// <summary>Every key this binder binds.</summary>
    public IEnumerable<string> Keys => setters.Keys;

    public T Bind(T seed, ConfigNode node, string path, ErrorList errors)
    {
        var result = seed;
        if (node.Kind != ConfigValueKind.Object)
        {
            return result;
        }

        foreach (var property in node.Properties)
        {
            if (setters.TryGetValue(property.Name, out var setter))
            {
                result = setter(result, property.Value, ConfigNode.Child(path, property.Name), errors);
            }
        }

        return result;
    }
}
