using Ipv8;
using Ipv8.Discovery;
using SharedDep;

namespace VersionedPlugin;

/// <summary>
/// A walk strategy that uses SharedDep 2.0's <see cref="Greeter.Shout"/> (absent from 1.0) on every step, then asks for an
/// introduction: it only works when the plugin's own SharedDep 2.0 is loaded, not the host's 1.0.
/// </summary>
[ComponentOptions(typeof(ShoutingWalkOptions))]
public sealed class ShoutingWalk(IDiscoveryOverlay overlay, ShoutingWalkOptions options) : IDiscoveryStrategy
{
    public int Steps { get; private set; }

    public string LastShout { get; private set; } = "";

    public static Version SharedDepVersion => typeof(Greeter).Assembly.GetName().Version!;

    public void TakeStep()
    {
        Steps++;
        LastShout = Greeter.Shout(options.Name, options.Times) + " " + Greeter.Greet(options.Name);
        overlay.GetNewIntroduction();
    }
}
