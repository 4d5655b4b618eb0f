namespace Launcher.Launching;

/// <summary>Whether one catalogued launcher class contributes its overlay, and why (shown by <c>launcher plan</c>).</summary>
/// <param name="LauncherType">The launcher class.</param>
/// <param name="OverlayName">The overlay name it declares (<c>[Name]</c>, else the class name).</param>
/// <param name="Contributes">True when its overlay is part of the merged definitions.</param>
/// <param name="Reason">
/// Why, e.g. <c>named by overlays.yaml:12:5 (launcher: DiscoveryLauncher)</c>, <c>[AutoLaunch]</c>,
/// <c>no configuration lists overlays</c>, or <c>not named by the configuration's overlays (add "- launcher: X")</c>.
/// </param>
public sealed record LauncherChoice(Type LauncherType, string OverlayName, bool Contributes, string Reason);
