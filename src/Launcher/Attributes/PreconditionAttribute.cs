namespace Launcher.Attributes;

/// <summary>
/// A condition that must hold for the overlay to launch (py-ipv8 <c>@precondition</c>, without evaluated
/// strings): a type implementing <c>ILaunchCondition</c>, or the name of a static method on the launcher
/// taking a <c>LaunchContext</c> and returning bool.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class PreconditionAttribute : Attribute
{
    /// <summary>Requires <paramref name="conditionType"/> (an <c>ILaunchCondition</c>) to hold.</summary>
    /// <param name="conditionType">The condition type (its catalog name is recorded).</param>
    public PreconditionAttribute(Type conditionType)
    {
        ArgumentNullException.ThrowIfNull(conditionType);
        ConditionType = conditionType;
    }

    /// <summary>Requires the launcher's static method <paramref name="methodName"/> to return true.</summary>
    /// <param name="methodName">A static method <c>bool M(LaunchContext)</c> on the launcher class; use <c>nameof</c>.</param>
    public PreconditionAttribute(string methodName) => MethodName = methodName;

    /// <summary>The condition type, or null for the method form.</summary>
    public Type? ConditionType { get; }

    /// <summary>The static method name, or null for the type form.</summary>
    public string? MethodName { get; }
}
