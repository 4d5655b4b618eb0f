using System.Reflection;
using System.Reflection.Emit;
using Ipv8.Messaging;

namespace Ipv8.Tests.Architecture;

/// <summary>
/// Keeps the dependency direction of design.md true: Messaging and Keys know nothing of the folders above them; Peers
/// knows only those two; the Tracker serves the wire without communities; nothing but Rendezvous knows Rendezvous;
/// Discovery's walk side (strategies, <c>WalkLoop</c>) sees overlays only through <c>IDiscoveryOverlay</c>, never the
/// concrete <c>Community</c>; the Ipv8 assembly references no launcher code. Member bodies are checked too, by resolving
/// the metadata tokens their IL refers to.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Assembly Ipv8Assembly = typeof(UdpAddress).Assembly;

    private static readonly string[] UpperLayers =
        ["Ipv8.Peers", "Ipv8.Communities", "Ipv8.Discovery", "Ipv8.Bootstrapping", "Ipv8.Tracker", "Ipv8.Rendezvous"];

    [Test]
    public void Ipv8Assembly_References_NoLauncherOrSimulationAssembly()
    {
        var names = Ipv8Assembly.GetReferencedAssemblies().Select(a => a.Name ?? string.Empty).ToList();
        Assert.That(names.Where(n => n.StartsWith("Launcher", StringComparison.Ordinal) || n.StartsWith("Ipv8.", StringComparison.Ordinal)), Is.Empty);
    }

    [TestCase("Ipv8.Messaging")]
    [TestCase("Ipv8.Keys")]
    public void LowerLayer_Uses_NoUpperLayerType(string lowerNamespace)
        => Assert.That(Violations(t => InNamespace(t, lowerNamespace), used => UpperLayers.Any(ns => InNamespace(used, ns))), Is.Empty);

    [TestCase("Ipv8.Peers", new[] { "Ipv8.Communities", "Ipv8.Discovery", "Ipv8.Bootstrapping", "Ipv8.Tracker", "Ipv8.Rendezvous" })]
    [TestCase("Ipv8.Tracker", new[] { "Ipv8.Communities", "Ipv8.Discovery", "Ipv8.Bootstrapping", "Ipv8.Rendezvous" })]
    [TestCase("Ipv8.Communities", new[] { "Ipv8.Tracker", "Ipv8.Rendezvous" })]
    [TestCase("Ipv8.Discovery", new[] { "Ipv8.Tracker", "Ipv8.Rendezvous" })]
    [TestCase("Ipv8.Bootstrapping", new[] { "Ipv8.Tracker", "Ipv8.Rendezvous" })]
    public void Layer_Uses_NoneOfTheLayersItMustNotKnow(string layer, string[] forbidden)
        => Assert.That(Violations(t => InNamespace(t, layer), used => forbidden.Any(ns => InNamespace(used, ns))), Is.Empty);

    [Test]
    public void Discovery_WalkSide_UsesNoConcreteCommunity()
    {
        // Overlays that are communities themselves (DiscoveryCommunity, what the compiler generates inside it, and its
        // request-cache entries, which only exist inside a community) may.
        var community = typeof(Ipv8.Communities.Community);
        var violations = Violations(
            t => InNamespace(t, "Ipv8.Discovery") && !IsCommunityOrInsideOne(t, community) && !t.IsAssignableTo(typeof(Ipv8.Communities.RequestCacheEntry)),
            used => used.IsAssignableTo(community));
        Assert.That(violations, Is.Empty);
    }

    // Every "type uses type" pair, once, where a type of the checked set uses a forbidden type of the Ipv8 assembly.
    private static List<string> Violations(Func<Type, bool> isChecked, Func<Type, bool> isForbidden)
        => [.. Ipv8Assembly.GetTypes().Where(isChecked)
            .SelectMany(type => ReferencedTypes(type)
                .Where(used => used.Assembly == Ipv8Assembly && isForbidden(used))
                .Select(used => $"{type.FullName} uses {used.FullName}"))
            .Distinct()];

    private static bool IsCommunityOrInsideOne(Type type, Type community)
    {
        for (var t = type; t is not null; t = t.DeclaringType)
        {
            if (t.IsAssignableTo(community))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InNamespace(Type type, string ns)
        => type.Namespace is { } n && (n == ns || n.StartsWith(ns + ".", StringComparison.Ordinal));

    private static IEnumerable<Type> ReferencedTypes(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var i in type.GetInterfaces())
        {
            yield return i;
        }

        foreach (var field in type.GetFields(all))
        {
            yield return field.FieldType;
        }

        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }

            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }

            foreach (var used in TypesInBody(method))
            {
                yield return used;
            }
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

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
                    var found = Resolve(method, BitConverter.ToInt32(il, i));
                    if (found is not null)
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
}
