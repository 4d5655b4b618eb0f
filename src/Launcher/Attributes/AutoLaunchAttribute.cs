namespace Launcher.Attributes;

/// <summary>
/// Marks a launcher class whose overlay runs on drop-in: it contributes its overlay to every configuration,
/// even one whose <c>overlays</c> list does not name it. Without this attribute a launcher class runs only when
/// no configuration lists overlays (code-first hosting) or when an entry names it (<c>- launcher: ChatLauncher</c>,
/// or an overlay with its <c>name</c>). A configuration still has the last word: an entry with the same
/// <c>name</c> replaces the declaration, and <c>enabled: false</c> there turns it off.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class AutoLaunchAttribute : Attribute
{
}
