namespace Launcher.Cli;

/// <summary>One overlay's row of the live view.</summary>
/// <param name="Name">The overlay's name (<c>NAME#i</c> for instance i when the file runs several instances).</param>
/// <param name="Address">The local address of its endpoint.</param>
/// <param name="Peers">Verified peers.</param>
/// <param name="Walkable">Walkable addresses (peers and introduced addresses the walker may visit).</param>
/// <param name="Counts">Cumulative traffic and drops.</param>
/// <param name="Rates">Datagrams per second since the previous reading; null on the first reading.</param>
internal sealed record OverlayStatus(string Name, string Address, int Peers, int Walkable, TrafficCounts Counts, TrafficRates? Rates);
