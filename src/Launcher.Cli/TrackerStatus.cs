namespace Launcher.Cli;

/// <summary>The hosted tracker's line of the live view.</summary>
/// <param name="Address">The local address of its endpoint.</param>
/// <param name="Peers">Registered peers.</param>
/// <param name="Communities">Communities with at least one registered peer.</param>
/// <param name="Counts">Cumulative traffic and drops.</param>
/// <param name="Rates">Datagrams per second since the previous reading; null on the first reading.</param>
internal sealed record TrackerStatus(string Address, int Peers, int Communities, TrafficCounts Counts, TrafficRates? Rates);
