using System.Diagnostics.CodeAnalysis;

namespace Launcher.Launching;

/// <summary>
/// The launched overlays by name (py-ipv8's <c>@set_in_session</c>, typed): the host registers every launched
/// overlay under its definition name, so other launchers and the application can fetch it.
/// </summary>
public interface IOverlayRegistry
{
    /// <summary>Names of the registered overlays, in launch order.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>Registers a launched overlay.</summary>
    /// <param name="name">The overlay name.</param>
    /// <param name="overlay">The overlay instance.</param>
    /// <exception cref="InvalidOperationException">The name is already registered.</exception>
    void Register(string name, object overlay);

    /// <summary>Gets an overlay by name and type.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="name">The overlay name.</param>
    /// <param name="overlay">The overlay, when registered with a compatible type.</param>
    /// <returns>True when found with that type.</returns>
    bool TryGet<T>(string name, [NotNullWhen(true)] out T? overlay)
        where T : class;

    /// <summary>Gets an overlay by name and type.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="name">The overlay name.</param>
    /// <returns>The overlay.</returns>
    /// <exception cref="KeyNotFoundException">No overlay with that name and type.</exception>
    T Get<T>(string name)
        where T : class;
}
