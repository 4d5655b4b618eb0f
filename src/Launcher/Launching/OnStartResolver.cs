using System.Globalization;
using System.Reflection;
using Launcher.Configuration;
using Launcher.Definitions;

namespace Launcher.Launching;

/// <summary>
/// Resolves <c>on_start</c> entries (py-ipv8: <c>[method_name, arg...]</c>) to public instance methods of the
/// overlay class before anything is opened. A name matches a method with exactly that name, or the same name
/// ignoring case and underscores (<c>build_tunnels</c> finds <c>BuildTunnels</c>). Arguments are converted to
/// the parameter types with the <c>init</c> binding rules (numbers, strings, booleans, durations in seconds,
/// addresses, arrays and objects); missing trailing arguments take the parameters' default values. An unknown
/// method, a wrong argument count, an argument that does not convert, or more than one matching overload is a
/// configuration error with the entry's origin.
/// </summary>
internal static class OnStartResolver
{
    public static ResolvedCall? Resolve(Type overlayType, OnStartCall call, Origin origin, string path, ErrorList errors)
    {
        var methods = overlayType.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => !m.IsSpecialName && !m.ContainsGenericParameters && m.DeclaringType != typeof(object))
            .ToList();
        var candidates = methods.Where(m => m.Name == call.Method).ToList();
        if (candidates.Count == 0)
        {
            candidates = [.. methods.Where(m => Normalize(m.Name) == Normalize(call.Method))];
        }

        if (candidates.Count == 0)
        {
            var names = methods.Select(m => m.Name).Distinct().Order(StringComparer.Ordinal).ToList();
            var closest = NameSuggestions.Closest(call.Method, names);
            var hint = closest is null ? "" : $"; did you mean '{closest}'?";
            errors.Add(origin, path, $"{overlayType.Name} has no public instance method '{call.Method}'{hint}");
            return null;
        }

        var problems = new List<string>();
        var matches = new List<ResolvedCall>();
        foreach (var method in candidates)
        {
            if (TryConvert(method, call, out var arguments, out var problem))
            {
                matches.Add(new ResolvedCall(call, method, arguments));
            }
            else
            {
                problems.Add($"{Signature(method)}: {problem}");
            }
        }

        if (matches.Count == 1)
        {
            return matches[0];
        }

        errors.Add(origin, path, matches.Count == 0
            ? $"cannot call {overlayType.Name}.{call}: " + string.Join("; ", problems)
            : $"{overlayType.Name}.{call} is ambiguous between {string.Join(" and ", matches.Select(m => Signature(m.Method)))}");
        return null;
    }

    private static bool TryConvert(MethodInfo method, OnStartCall call, out object?[] arguments, out string problem)
    {
        var parameters = method.GetParameters();
        arguments = new object?[parameters.Length];
        problem = "";
        var required = parameters.Count(p => !p.HasDefaultValue);
        if (call.Arguments.Count < required || call.Arguments.Count > parameters.Length)
        {
            problem = string.Create(CultureInfo.InvariantCulture, $"takes {(required == parameters.Length ? $"{required}" : $"{required} to {parameters.Length}")} arguments, {call.Arguments.Count} given");
            return false;
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (i >= call.Arguments.Count)
            {
                arguments[i] = parameters[i].DefaultValue;
                continue;
            }

            try
            {
                arguments[i] = OptionsBinder.ConvertValue(parameters[i].ParameterType, call.Arguments[i]);
            }
            catch (FormatException exception)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"argument {i + 1} ({parameters[i].Name}) {call.Arguments[i]} is not a {parameters[i].ParameterType.Name}: {exception.Message}");
                return false;
            }

            if (arguments[i] is null && parameters[i].ParameterType.IsValueType && Nullable.GetUnderlyingType(parameters[i].ParameterType) is null)
            {
                problem = string.Create(CultureInfo.InvariantCulture, $"argument {i + 1} ({parameters[i].Name}) must not be null");
                return false;
            }
        }

        return true;
    }

    private static string Normalize(string name) => name.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();

    private static string Signature(MethodInfo method) =>
        $"{method.Name}({string.Join(", ", method.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}"))})";
}
