namespace Launcher.Launching;

/// <summary>
/// A condition an overlay needs to launch (replaces py-ipv8's evaluated <c>@precondition</c> strings).
/// Referenced by <c>[Precondition(typeof(...))]</c> or by name in a file's <c>conditions</c>; created through
/// dependency injection and evaluated once, when the launch plan is made.
/// </summary>
public interface ILaunchCondition
{
    /// <summary>Returns true when the overlay may launch.</summary>
    /// <param name="context">The launch context.</param>
    /// <returns>True to launch.</returns>
    bool ShouldLaunch(LaunchContext context);
}
