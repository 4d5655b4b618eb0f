namespace Launcher.Launching;

/// <summary>A service provider without services (the default for planning when the application gives none).</summary>
internal sealed class EmptyServices : IServiceProvider
{
    public static EmptyServices Instance { get; } = new();

    public object? GetService(Type serviceType) => null;
}
