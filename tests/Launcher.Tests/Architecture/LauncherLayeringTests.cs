using System.Reflection;
using System.Reflection.Emit;
using Launcher.Launching;

namespace Launcher.Tests.Architecture;

/// <summary>
/// Keeps the launcher's layers (README): Definitions and Configuration (with Schema) below Launching (with Catalog and
/// Attributes), Launching below Hosting; nothing below Hosting references Hosting, and nothing below Launching
/// references Launching. Member bodies are checked too, by resolving the metadata tokens their IL refers to.
/// </summary>
public sealed class LauncherLayeringTests
{
    private static readonly Assembly LauncherAssembly = typeof(LauncherModel).Assembly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    [TestCase("Launcher.Definitions", "Launcher.Configuration")]
    [TestCase("Launcher.Definitions", "Launcher.Launching")]
    [TestCase("Launcher.Definitions", "Launcher.Hosting")]
    [TestCase("Launcher.Configuration", "Launcher.Launching")]
    [TestCase("Launcher.Configuration", "Launcher.Catalog")]
    [TestCase("Launcher.Configuration", "Launcher.Hosting")]
    [TestCase("Launcher.Schema", "Launcher.Launching")]
    [TestCase("Launcher.Schema", "Launcher.Hosting")]
    [TestCase("Launcher.Launching", "Launcher.Hosting")]
    [TestCase("Launcher.Catalog", "Launcher.Hosting")]
    [TestCase("Launcher.Attributes", "Launcher.Hosting")]
    public void LowerLayer_Uses_NoTypeOfTheUpperLayer(string lower, string upper)
    {
        var violations = LauncherAssembly.GetTypes()
            .Where(t => InNamespace(t, lower))
            .SelectMany(t => ReferencedTypes(t).Where(u => u.Assembly == LauncherAssembly && InNamespace(u, upper)).Select(u => $"{t.FullName} uses {u.FullName}"))
            .Distinct()
            .ToList();
        Assert.That(violations, Is.Empty);
    }

    [Test]
    public void ReferencedTypes_OfTheHost_FindHostingTypesItUses() =>
        Assert.That(ReferencedTypes(typeof(Launcher.Hosting.OverlayLauncherService)).Select(t => t.Namespace), Does.Contain("Launcher.Hosting").And.Contain("Launcher.Launching"),
            "the check above must be able to fail");

    private static bool InNamespace(Type type, string ns) => type.Namespace is { } n && (n == ns || n.StartsWith(ns + ".", StringComparison.Ordinal));

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<Type>();
        if (type.BaseType is { } baseType)
        {
            found.Add(baseType);
        }

        found.AddRange(type.GetInterfaces());
        found.AddRange(type.GetFields(all).Select(f => f.FieldType));
        found.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo info)
            {
                found.Add(info.ReturnType);
            }

            found.AddRange(method.GetParameters().Select(p => p.ParameterType));
            found.AddRange(TypesInBody(method));
        }

        // Nested types (closures, state machines) belong to their declaring type's layer.
        foreach (var nested in type.GetNestedTypes(all))
        {
            found.AddRange(ReferencedTypes(nested));
        }

        return found.SelectMany(Expand);
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        var element = type.HasElementType ? type.GetElementType()! : type;
        yield return element;
        if (element.IsGenericType && !element.IsGenericTypeDefinition)
        {
            foreach (var argument in element.GetGenericArguments().SelectMany(Expand))
            {
                yield return argument;
            }
        }
    }

    // Decodes the IL instruction by instruction and resolves the operands that name types, methods or fields.
    private static IEnumerable<Type> TypesInBody(MethodBase method)
    {
        var body = method.GetMethodBody();
        if (body?.GetILAsByteArray() is not { } il)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var i = 0;
        while (i < il.Length)
        {
            short value = il[i++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[i++]);
            }

            var opCode = OpCodesByValue[value];
            switch (opCode.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    if (Resolve(method, BitConverter.ToInt32(il, i)) is { } found)
                    {
                        yield return found;
                    }

                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }

    private static Type? Resolve(MethodBase method, int token)
    {
        try
        {
            var member = method.Module.ResolveMember(
                token,
                method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null,
                method.IsGenericMethod ? method.GetGenericArguments() : null);
            return member switch
            {
                Type t => t,
                MemberInfo m => m.DeclaringType,
                _ => null,
            };
        }
        catch (ArgumentException)
        {
            // A token of another module's generic context; not a type of this assembly's layers.
            return null;
        }
    }
}
