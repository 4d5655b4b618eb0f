namespace Ipv8.Connectivity.Ladder;

/// <summary>The ladder's order and budgets.</summary>
public sealed class ConnectorOptions
{
    /// <summary>Gets the rung names to try, in order. Default <c>direct</c>, <c>reverse</c>, <c>tcp_punch</c>; <c>relay</c> needs a <see cref="RelayRung"/> with TURN servers.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [DirectRung.MethodName, ReverseRung.MethodName, HolePunchRung.MethodName];

    /// <summary>Gets each rung's time budget unless <see cref="Budgets"/> names it. Default 5 s.</summary>
    public TimeSpan DefaultBudget { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets per-rung budgets by name.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Budgets { get; init; } = new Dictionary<string, TimeSpan>();

    /// <summary>Gets how far ahead of the request a hole punch is scheduled (must exceed the signalling round trip). Default 300 ms.</summary>
    public TimeSpan PunchLead { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Gets the most signalling requests (reverse connects, punches) this node works on at once; more are refused. Default 8.</summary>
    public int MaxConcurrentSignals { get; init; } = 8;

    /// <summary>Gets how many public ports a node behind a sequential NAT offers for a punch (each a further delta step). Default 3.</summary>
    public int PunchPortCandidates { get; init; } = 3;

    /// <summary>
    /// Gets when the <c>relay</c> rung starts, counted from the start of the connect, unless the rungs before it
    /// in <see cref="Methods"/> have all failed sooner. It then runs in parallel with whatever is still trying.
    /// Default null: the sum of the budgets of the rungs before it.
    /// </summary>
    public TimeSpan? RelayStartAfter { get; init; }

    /// <summary>Gets the budget of rung <paramref name="method"/>.</summary>
    public TimeSpan BudgetOf(string method) => Budgets.TryGetValue(method, out var budget) ? budget : DefaultBudget;
}
