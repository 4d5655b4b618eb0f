using System.Globalization;
using Spectre.Console;

namespace Launcher.Cli;

/// <summary>
/// The terminal form of the live view: one Spectre.Console table (redrawn in place by <c>AnsiConsole.Live</c>) with a
/// row per overlay (peers, walkable addresses, datagrams in/out per second, drops) and the hosted tracker as caption.
/// </summary>
internal static class LiveTable
{
    /// <summary>Builds the table of one reading. Names and addresses are shown as text, never parsed as markup.</summary>
    public static Table Build(RunStatus status)
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

        if (status.Tracker is { } tracker)
        {
            // Caption text is markup: the address is escaped (it only holds digits, dots, colons and brackets anyway).
            table.Caption = new TableTitle(Markup.Escape(string.Create(
                CultureInfo.InvariantCulture,
                $"tracker {tracker.Address}: {tracker.Peers} peers, {tracker.Communities} communities, in {PlainStatusFormat.Rate(tracker.Rates?.InPerSecond)}/s, out {PlainStatusFormat.Rate(tracker.Rates?.OutPerSecond)}/s, drops {tracker.Counts.Drops}")));
        }

        return table;
    }

    private static Text Cell(string text) => new(text);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
