using SharedDep;

namespace VersionedPlugin;

/// <summary>Derives from SharedDep 2.0's <see cref="Shouter"/>: loading this type needs the plugin's own SharedDep.dll.</summary>
public sealed class LoudShouter : Shouter
{
    public override string Shout(string name) => Greeter.Shout(name, 1);
}
