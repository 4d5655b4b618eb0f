namespace Launcher.Attributes;

/// <summary>
/// A call made on the overlay after start (py-ipv8 <c>on_start</c>), e.g. <c>[OnStart("build_tunnels", 1)]</c>:
/// a public instance method of the overlay class, matched by exact name or by name ignoring case and
/// underscores (<c>build_tunnels</c> finds <c>BuildTunnels</c>). Arguments are converted to the parameter
/// types; a method returning a task is awaited. An unknown method or arguments that do not fit are
/// configuration errors reported before anything opens.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class OnStartAttribute : Attribute
{
    /// <summary>Declares the call.</summary>
    /// <param name="method">The method name.</param>
    /// <param name="arguments">Constant arguments.</param>
    public OnStartAttribute(string method, params object[] arguments)
    {
        Method = method;
        Arguments = arguments;
    }

    /// <summary>The method name.</summary>
    public string Method { get; }

    /// <summary>The arguments.</summary>
    public IReadOnlyList<object> Arguments { get; }
}
