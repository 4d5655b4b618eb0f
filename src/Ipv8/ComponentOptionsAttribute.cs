namespace Ipv8;

/// <summary>
/// Declares the options type a component (walk strategy, bootstrapper) is configured with: the launcher binds the
/// component's <c>init</c> settings to a new <see cref="OptionsType"/> (snake_case keys, unknown keys refused, validated
/// through <see cref="IValidatableOptions"/> when the type implements it) and passes it to the constructor. A component
/// without this attribute takes no settings.
/// </summary>
/// <param name="optionsType">The options type; it needs a public parameterless constructor.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class ComponentOptionsAttribute(Type optionsType) : Attribute
{
    /// <summary>Gets the options type.</summary>
    public Type OptionsType { get; } = optionsType ?? throw new ArgumentNullException(nameof(optionsType));
}
