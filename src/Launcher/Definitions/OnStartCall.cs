namespace Launcher.Definitions;

/// <summary>
/// A call made on an overlay after start (py-ipv8 <c>on_start</c> entry <c>[method_name, arg...]</c>), e.g.
/// <c>("build_tunnels", 1)</c>. The host maps the name to a method of the overlay.
/// </summary>
/// <param name="Method">The method name as written in the configuration.</param>
/// <param name="Arguments">The arguments, in order.</param>
public sealed record OnStartCall(string Method, EquatableArray<ConfigValue> Arguments)
{
    /// <inheritdoc />
    public override string ToString() => $"{Method}({string.Join(", ", Arguments)})";
}
