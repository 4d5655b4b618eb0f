using System.Reflection;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>An <c>on_start</c> entry resolved to a public instance method of the overlay, with converted arguments.</summary>
/// <param name="Call">The call as configured.</param>
/// <param name="Method">The method to invoke on the overlay.</param>
/// <param name="Arguments">The arguments, converted to the parameter types (optional parameters filled with their defaults).</param>
public sealed record ResolvedCall(OnStartCall Call, MethodInfo Method, IReadOnlyList<object?> Arguments);
