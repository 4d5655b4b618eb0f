using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// One configuration problem: where it was declared, the setting path and what is wrong. Renders as
/// <c>overlays.yaml:14:9: overlays[0].walkers[0].peers: expected integer, got string</c>.
/// </summary>
/// <param name="Origin">Where the offending value (or definition) was declared.</param>
/// <param name="Path">Setting path such as <c>overlays[0].walkers[0].peers</c>; empty for whole-file problems.</param>
/// <param name="Message">What is wrong, in lower case without a trailing period.</param>
public sealed record ConfigurationError(Origin Origin, string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.IsNullOrEmpty(Path) ? $"{Origin}: {Message}" : $"{Origin}: {Path}: {Message}";
}
