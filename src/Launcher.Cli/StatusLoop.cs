using Ipv8.Communities;
using Spectre.Console;

namespace Launcher.Cli;

/// <summary>
/// The loop of <c>run</c> while the overlays serve: every <see cref="Interval"/> it writes the <c>--report</c> lines
/// (also once at the start) and shows the overlays in the chosen <see cref="RunOutputMode"/>, until cancelled.
/// </summary>
internal sealed class StatusLoop
{
    /// <summary>The refresh interval of the view and the report.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<(string Name, Community Overlay)> _overlays;
    private readonly StatusSampler _sampler;
    private readonly OverlayReportWriter? _report;
    private readonly TextWriter _output;

    /// <param name="overlays">The rows, in display order.</param>
    /// <param name="sampler">Reads the rows (and the tracker).</param>
    /// <param name="report">The <c>--report</c> writer, or null.</param>
    /// <param name="output">Where plain lines go (standard output).</param>
    public StatusLoop(IReadOnlyList<(string Name, Community Overlay)> overlays, StatusSampler sampler, OverlayReportWriter? report, TextWriter output)
    {
        _overlays = overlays;
        _sampler = sampler;
        _report = report;
        _output = output;
    }

    /// <summary>
    /// Chooses the view: nothing with <c>--quiet</c>; plain lines with <c>--plain</c>, when standard output is redirected
    /// or when the terminal understands no ANSI cursor movement (redrawing in place needs it); otherwise the live table.
    /// </summary>
    /// <param name="quiet"><c>--quiet</c>.</param>
    /// <param name="plain"><c>--plain</c>.</param>
    /// <param name="outputRedirected">Whether standard output is redirected.</param>
    /// <param name="ansiTerminal">Asked only when the others leave the choice open: probing the terminal initializes
    /// Spectre.Console (≈ 130 methods to compile), which a quiet, plain or redirected run never needs.</param>
    public static RunOutputMode Choose(bool quiet, bool plain, bool outputRedirected, Func<bool> ansiTerminal) =>
        quiet ? RunOutputMode.Quiet
        : plain || outputRedirected || !ansiTerminal() ? RunOutputMode.Plain
        : RunOutputMode.Live;

    /// <summary>Runs until <paramref name="cancellationToken"/> fires; cancellation is the normal end, not an exception.</summary>
    /// <param name="mode">The view.</param>
    /// <param name="console">The console of the live table, asked for only in <see cref="RunOutputMode.Live"/>.</param>
    /// <param name="cancellationToken">Ends the loop.</param>
    public async Task RunAsync(RunOutputMode mode, Func<IAnsiConsole> console, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        _report?.WriteAll(_overlays);
        var first = _sampler.Sample(); // the baseline of the first interval's rates
        if (mode == RunOutputMode.Live)
        {
            // Left on screen when the run stops (AutoClear off): the last reading stays visible.
            await console().Live(LiveTable.Build(first)).StartAsync(async context =>
            {
                context.Refresh(); // draws the first table now rather than at the first tick
                while (await TickAsync(timer, cancellationToken))
                {
                    context.UpdateTarget(LiveTable.Build(_sampler.Sample())); // redraws in place
                }
            });
            return;
        }

        while (await TickAsync(timer, cancellationToken))
        {
            if (mode == RunOutputMode.Plain)
            {
                foreach (var line in PlainStatusFormat.Lines(_sampler.Sample()))
                {
                    await _output.WriteLineAsync(line);
                }

                await _output.FlushAsync(CancellationToken.None);
            }
        }
    }

    /// <summary>Waits for the next tick and writes the report lines; false once cancelled.</summary>
    private async Task<bool> TickAsync(PeriodicTimer timer, CancellationToken cancellationToken)
    {
        try
        {
            if (!await timer.WaitForNextTickAsync(cancellationToken))
            {
                return false;
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        _report?.WriteAll(_overlays);
        return true;
    }
}
