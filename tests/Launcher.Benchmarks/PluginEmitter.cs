using System.Reflection;
using System.Reflection.Emit;
using Ipv8.Bootstrapping;
using Ipv8.Discovery;

namespace Launcher.Benchmarks;

/// <summary>
/// Writes distinct plugin assemblies with <see cref="PersistedAssemblyBuilder"/>: folder <c>BenchPluginNN/BenchPluginNN.dll</c>
/// holding one walk strategy (<see cref="IDiscoveryStrategy"/>), one bootstrapper (<see cref="IBootstrapper"/>, every
/// member throws) and <c>fillers</c> plain classes the scanner has to look at and skip. Names are unique per plugin, so
/// the catalog has no duplicates.
/// </summary>
internal static class PluginEmitter
{
    public static IReadOnlyList<string> EmitAll(string directory, int count, int fillers)
    {
        var paths = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = $"BenchPlugin{i:00}";
            var folder = Path.Combine(directory, name);
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, name + ".dll");
            Emit(name, i, fillers, path);
            paths.Add(path);
        }

        return paths;
    }

    private static void Emit(string name, int index, int fillers, string path)
    {
        var assembly = new PersistedAssemblyBuilder(new AssemblyName(name) { Version = new Version(1, 0, 0, 0) }, typeof(object).Assembly);
        var module = assembly.DefineDynamicModule(name);

        var walk = module.DefineType($"{name}.BenchWalk{index:00}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(object));
        walk.AddInterfaceImplementation(typeof(IDiscoveryStrategy));
        walk.DefineDefaultConstructor(MethodAttributes.Public);
        Implement(walk, typeof(IDiscoveryStrategy), throws: false);
        walk.CreateType();

        var bootstrapper = module.DefineType($"{name}.BenchBootstrapper{index:00}", TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(object));
        bootstrapper.AddInterfaceImplementation(typeof(IBootstrapper));
        bootstrapper.DefineDefaultConstructor(MethodAttributes.Public);
        Implement(bootstrapper, typeof(IBootstrapper), throws: true);
        bootstrapper.CreateType();

        for (var f = 0; f < fillers; f++)
        {
            var filler = module.DefineType($"{name}.Internal.Helper{f:000}", TypeAttributes.Public | TypeAttributes.Class, typeof(object));
            filler.DefineDefaultConstructor(MethodAttributes.Public);
            filler.DefineField("value", typeof(int), FieldAttributes.Public);
            filler.CreateType();
        }

        assembly.Save(path);
    }

    /// <summary>Implements every method of <paramref name="contract"/>: an empty body (void methods) or one that throws.</summary>
    private static void Implement(TypeBuilder type, Type contract, bool throws)
    {
        foreach (var method in contract.GetMethods())
        {
            var parameters = method.GetParameters().Select(p => p.ParameterType).ToArray();
            var implementation = type.DefineMethod(method.Name,
                MethodAttributes.Public | MethodAttributes.Virtual | MethodAttributes.Final | MethodAttributes.HideBySig | MethodAttributes.NewSlot,
                method.ReturnType, parameters);
            var il = implementation.GetILGenerator();
            if (throws || method.ReturnType != typeof(void))
            {
                il.Emit(OpCodes.Newobj, typeof(NotSupportedException).GetConstructor(Type.EmptyTypes)!);
                il.Emit(OpCodes.Throw);
            }
            else
            {
                il.Emit(OpCodes.Ret);
            }

            type.DefineMethodOverride(implementation, method);
        }
    }
}
