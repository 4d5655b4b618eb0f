using System.Reflection;
using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// Settings bound to the properties of an options type by <see cref="OptionsBinder.Bind(Type, SettingsMap, ICollection{string})"/>: every key found and every
/// value converted, ready to apply. Applying cannot fail.
/// </summary>
public sealed class BoundSettings
{
    private readonly IReadOnlyList<KeyValuePair<PropertyInfo, object?>> _values;

    internal BoundSettings(Type type, SettingsMap settings, IReadOnlyList<KeyValuePair<PropertyInfo, object?>> values)
    {
        Type = type;
        Settings = settings;
        _values = values;
    }

    /// <summary>Gets the options type the settings were bound to.</summary>
    public Type Type { get; }

    /// <summary>Gets the settings as configured.</summary>
    public SettingsMap Settings { get; }

    /// <summary>Creates a new options object (public parameterless constructor, or a struct's default) with the settings applied.</summary>
    /// <returns>The options.</returns>
    public object Create()
    {
        var options = Activator.CreateInstance(Type)!;
        foreach (var (property, value) in _values)
        {
            property.SetValue(options, value);
        }

        return options;
    }

    /// <summary>Returns a copy of the record <paramref name="seed"/> with the settings applied (<c>seed with { ... }</c>).</summary>
    /// <typeparam name="T">The record type; <see cref="Type"/> must be it or a base of its runtime type.</typeparam>
    /// <param name="seed">The record made elsewhere.</param>
    /// <returns>The copy, or <paramref name="seed"/> itself when nothing was set.</returns>
    /// <exception cref="ArgumentException"><paramref name="seed"/> is not a <see cref="Type"/> record.</exception>
    public T ApplyTo<T>(T seed)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (!Type.IsInstanceOfType(seed))
        {
            throw new ArgumentException($"settings bound to {Type.Name} cannot apply to a {seed.GetType().Name}", nameof(seed));
        }

        if (_values.Count == 0)
        {
            return seed;
        }

        // A record's copy constructor runs through its compiler-made clone method, as 'with' does.
        var clone = seed.GetType().GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance)
            ?? throw new ArgumentException($"{seed.GetType().Name} is not a record", nameof(seed));
        var copy = (T)clone.Invoke(seed, null)!;
        foreach (var (property, value) in _values)
        {
            property.SetValue(copy, value);
        }

        return copy;
    }
}
