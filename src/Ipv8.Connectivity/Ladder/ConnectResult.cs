using Ipv8.Connectivity.Pipes;

namespace Ipv8.Connectivity.Ladder;

/// <summary>A successful connect: the pipe, the rung that won, the total time and every attempt in order.</summary>
/// <param name="Pipe">The authenticated pipe; the caller owns and disposes it.</param>
/// <param name="Method">The rung that won.</param>
/// <param name="Elapsed">Time from the call to the pipe.</param>
/// <param name="Attempts">Every rung tried, in order, the winner last.</param>
public sealed record ConnectResult(SecurePipe Pipe, string Method, TimeSpan Elapsed, IReadOnlyList<RungAttempt> Attempts);
