namespace Launcher.Attributes;

/// <summary>A call made on the overlay after start (py-ipv8 <c>on_start</c>), e.g. <c>[OnStart("build_tunnels", 1)]</c>.</summary>
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
