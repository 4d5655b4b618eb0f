namespace Ipv8.Discovery;

/// <summary>
/// A peer-discovery strategy (py-ipv8's <c>DiscoveryStrategy</c>): the walk loop calls
/// <see cref="TakeStep"/> once per tick while its overlay has fewer peers than the strategy's target.
/// A step must be quick and must not block; it sends at most a few datagrams.
/// </summary>
public interface IDiscoveryStrategy
{
    /// <summary>Performs one step. Exceptions are logged and counted by the walk loop, never fatal.</summary>
    void TakeStep();
}
