namespace Launcher.Cli;

/// <summary>How <c>run</c> shows its overlays while it runs.</summary>
internal enum RunOutputMode
{
    /// <summary>Nothing besides the start-up line (<c>--quiet</c>).</summary>
    Quiet,

    /// <summary>One line per overlay (and tracker) per interval, as a log would (<c>--plain</c>, or output redirected).</summary>
    Plain,

    /// <summary>One table redrawn in place (an ANSI terminal).</summary>
    Live,
}
