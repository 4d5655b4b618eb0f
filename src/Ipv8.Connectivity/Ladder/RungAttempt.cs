namespace Ipv8.Connectivity.Ladder;

/// <summary>One rung's attempt.</summary>
/// <param name="Method">The rung name (<c>direct</c>, <c>reverse</c>, <c>tcp_punch</c>).</param>
/// <param name="Result"><c>ok</c>, or why it failed.</param>
/// <param name="Elapsed">How long the attempt took.</param>
public sealed record RungAttempt(string Method, string Result, TimeSpan Elapsed)
{
    /// <summary>Gets whether the attempt produced the pipe.</summary>
    public bool Succeeded => Result == "ok";
}
