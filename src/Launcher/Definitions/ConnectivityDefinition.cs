namespace Launcher.Definitions;

/// <summary>
/// Our extension: the <c>connectivity:</c> section (issues 11 and 12) — the node's pipe server, the connection ladder's
/// rungs and budgets, STUN servers, TURN relays and the pipe protocols this node serves. Checked when the file is
/// loaded (schema and <c>ConnectivityBinder</c>), so <c>launcher validate</c>, <c>plan</c> and <c>run</c> refuse the same
/// files; turned into running parts by the <c>Launcher.Connectivity</c> assembly. Holds no secret: TURN entries name
/// where their secrets are (a file or an environment variable). Equality ignores <see cref="Origin"/>.
/// </summary>
public sealed record ConnectivityDefinition
{
    /// <summary>The rung names the ladder knows: <c>direct</c>, <c>reverse</c>, <c>tcp_punch</c>, <c>relay</c>.</summary>
    public static readonly IReadOnlyList<string> KnownMethods = ["direct", "reverse", "tcp_punch", "relay"];

    private static readonly string[] DefaultMethods = ["direct", "reverse", "tcp_punch"];
    private static readonly string[] DefaultHandlers = ["echo"];

    /// <summary>Gets the address the TCP pipe server binds. Default <c>0.0.0.0</c>; the running node binds the host's interface address when this is the unspecified address.</summary>
    public string ListenIp { get; init; } = "0.0.0.0";

    /// <summary>Gets the TCP port of the pipe server (<c>listen.port</c> or <c>tcp_port</c>). Default 0: any free port.</summary>
    public int ListenPort { get; init; }

    /// <summary>Gets the rungs to try, in order. Default <c>direct</c>, <c>reverse</c>, <c>tcp_punch</c>.</summary>
    public EquatableArray<string> Methods { get; init; } = EquatableArray.From(DefaultMethods);

    /// <summary>Gets the per-rung time budgets (<c>budgets: {direct: 2}</c>, seconds in the file). Rungs not named get <see cref="DefaultBudget"/>.</summary>
    public EquatableArray<KeyValuePair<string, TimeSpan>> Budgets { get; init; }

    /// <summary>Gets the budget of a rung not named in <see cref="Budgets"/> (<c>default_budget</c>). Default 5 s.</summary>
    public TimeSpan DefaultBudget { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets the STUN servers as (host address, port), used to classify the NAT. Default none (NAT class unknown).</summary>
    public EquatableArray<KeyValuePair<string, int>> StunServers { get; init; }

    /// <summary>Gets the pipe protocols this node serves, by handler name. Default <c>echo</c>.</summary>
    public EquatableArray<string> Handlers { get; init; } = EquatableArray.From(DefaultHandlers);

    /// <summary>Gets the TURN servers of the <c>relay</c> rung, in order.</summary>
    public EquatableArray<TurnServerDefinition> Turn { get; init; }

    /// <summary>Gets where the section was declared.</summary>
    public Origin Origin { get; init; } = Origin.Defaults;

    /// <summary>Gets the budget of rung <paramref name="method"/>.</summary>
    /// <param name="method">The rung name.</param>
    /// <returns>Its declared budget, else <see cref="DefaultBudget"/>.</returns>
    public TimeSpan BudgetOf(string method) =>
        Budgets.Items.Where(b => b.Key == method).Select(b => (TimeSpan?)b.Value).FirstOrDefault() ?? DefaultBudget;

    /// <inheritdoc />
    public bool Equals(ConnectivityDefinition? other) =>
        other is not null && ListenIp == other.ListenIp && ListenPort == other.ListenPort && Methods.Equals(other.Methods)
        && Budgets.Equals(other.Budgets) && DefaultBudget == other.DefaultBudget && StunServers.Equals(other.StunServers)
        && Handlers.Equals(other.Handlers) && Turn.Equals(other.Turn);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ListenIp, ListenPort, Methods, Budgets, DefaultBudget, StunServers, Handlers, Turn);
}
