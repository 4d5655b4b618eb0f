namespace Ipv8.Discovery;

/// <summary>
/// Options of a walk strategy (or of the walk loop), bound from configuration and validated at start-up through
/// <see cref="IValidatableOptions.Validate"/>. Every implementation has py-ipv8's defaults, so <c>new XOptions()</c>
/// behaves like py-ipv8 without arguments.
/// </summary>
public interface IStrategyOptions : IValidatableOptions
{
    /// <summary>Throws for the first invalid setting (the strategies' constructors call this).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range; <see cref="ArgumentException.ParamName"/> is the property name.</exception>
    void ThrowIfInvalid();
}
