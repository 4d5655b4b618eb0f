using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Launcher.Cli;

/// <summary>
/// The terminal form of the live view: one Spectre.Console table (redrawn in place by <c>AnsiConsole.Live</c>) with a
/// row per overlay (peers, walkable addresses, datagrams in/out per second, drops), and the hosted tracker's line below.
/// </summary>
internal static class LiveTable
{
    /// <summary>Builds the view of one reading. Names and addresses are shown as text, never parsed as markup.</summary>
    public static IRenderable Build(RunStatus status)
    {
        var table = new Table
        {
            Title = new TableTitle($"launcher run  {status.Time.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}"),
        };
        table.AddColumn("overlay");
        table.AddColumn("address");
        table.AddColumn(new TableColumn("peers").RightAligned());
        table.AddColumn(new TableColumn("walkable").RightAligned());
        table.AddColumn(new TableColumn("in/s").RightAligned());
        table.AddColumn(new TableColumn("out/s").RightAligned());
        table.AddColumn(new TableColumn("drops").RightAligned());
        foreach (var overlay in status.Overlays)
        {
            table.AddRow(
                Cell(overlay.Name),
                Cell(overlay.Address),
                Cell(Number(overlay.Peers)),
                Cell(Number(overlay.Walkable)),
                Cell(PlainStatusFormat.Rate(overlay.Rates?.InPerSecond)),
                Cell(PlainStatusFormat.Rate(overlay.Rates?.OutPerSecond)),
                Cell(Number(overlay.Counts.Drops)));
        }

        if (status.Tracker is not { } tracker)
        {
            return table;
        }

        // Below the table rather than as its caption, which would wrap to the table's width.
        return new Rows(table, new Text(string.Create(
            CultureInfo.InvariantCulture,
            $"tracker {tracker.Address}: {tracker.Peers} peers, {tracker.Communities} communities, in {PlainStatusFormat.Rate(tracker.Rates?.InPerSecond)}/s, out {PlainStatusFormat.Rate(tracker.Rates?.OutPerSecond)}/s, drops {tracker.Counts.Drops}")));
    }

    private static Text Cell(string text) => new(text);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
