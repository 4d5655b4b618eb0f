namespace Launcher.Definitions;

/// <summary>
/// A call made on an overlay after start (py-ipv8 <c>on_start</c> entry <c>[method_name, arg...]</c>), e.g.
/// <c>("build_tunnels", 1)</c>. The host resolves the name to a public instance method of the overlay class
/// (exact name, else ignoring case and underscores) and converts the arguments to its parameter types before
/// anything opens; the calls run, in order, after every overlay has launched (spec §10.5).
/// </summary>
/// <param name="Method">The method name as written in the configuration.</param>
/// <param name="Arguments">The arguments, in order.</param>
public sealed record OnStartCall(string Method, EquatableArray<ConfigValue> Arguments)
{
    /// <inheritdoc />
    public override string ToString() => $"{Method}({string.Join(", ", Arguments)})";
}
