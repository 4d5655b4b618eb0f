using System.Reflection;
using Launcher.Definitions;

namespace Launcher.Hosting;

/// <summary>An <c>on_start</c> entry resolved to a public instance method of the overlay, with converted arguments.</summary>
/// <param name="Call">The call as configured.</param>
/// <param name="Method">The method to invoke on the overlay.</param>
/// <param name="Arguments">The arguments, converted to the parameter types (optional parameters filled with their defaults).</param>
internal sealed record ResolvedCall(OnStartCall Call, MethodInfo Method, object?[] Arguments);
