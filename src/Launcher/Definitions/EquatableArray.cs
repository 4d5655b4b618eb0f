namespace Launcher.Definitions;

/// <summary>Factory methods for <see cref="EquatableArray{T}"/> (also the collection-expression builder).</summary>
public static class EquatableArray
{
    /// <summary>Creates an array holding a copy of <paramref name="items"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements, in order.</param>
    /// <returns>The immutable, value-comparing array.</returns>
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => new([.. items]);

    /// <summary>Creates an array holding the elements of <paramref name="items"/>.</summary>
    /// <typeparam name="T">The element type.</typeparam>
    /// <param name="items">The elements, in order; null gives an empty array.</param>
    /// <returns>The immutable, value-comparing array.</returns>
    public static EquatableArray<T> From<T>(IEnumerable<T>? items) =>
        items is null ? default : new([.. items]);
}
