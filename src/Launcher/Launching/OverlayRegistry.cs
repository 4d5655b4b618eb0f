using System.Diagnostics.CodeAnalysis;

namespace Launcher.Launching;

/// <summary>Thread-safe <see cref="IOverlayRegistry"/>.</summary>
internal sealed class OverlayRegistry : IOverlayRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, object> _overlays = new(StringComparer.Ordinal);
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_lock)
            {
                return [.. _names];
            }
        }
    }

    public void Register(string name, object overlay)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(overlay);
        lock (_lock)
        {
            if (!_overlays.TryAdd(name, overlay))
            {
                throw new InvalidOperationException($"an overlay named '{name}' is already registered");
            }

            _names.Add(name);
        }
    }

    public bool TryGet<T>(string name, [NotNullWhen(true)] out T? overlay)
        where T : class
    {
        lock (_lock)
        {
            overlay = _overlays.TryGetValue(name, out var value) ? value as T : null;
            return overlay is not null;
        }
    }

    public T Get<T>(string name)
        where T : class =>
        TryGet<T>(name, out var overlay)
            ? overlay
            : throw new KeyNotFoundException($"no overlay named '{name}' of type {typeof(T).Name} is registered");

    /// <summary>Removes every overlay (the host stopped).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _overlays.Clear();
            _names.Clear();
        }
    }
}
