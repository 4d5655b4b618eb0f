using System.Net;
using Launcher.Definitions;

namespace Launcher.Configuration;

/// <summary>
/// Binds the <c>connectivity:</c> section (schema <c>$defs/connectivity</c>, <c>$defs/turn_server</c>) and checks what the
/// schema cannot: addresses that are not IP addresses, a method listed twice, a budget for a method not listed,
/// <c>relay</c> without a <c>turn:</c> entry, a TURN entry without exactly one secret source or long-term credentials
/// without a user name. Problems are reported at their line.
/// </summary>
internal static class ConnectivityBinder
{
    internal static readonly ObjectBinder<ConnectivityDefinition> Listen = new("connectivity_listen", new Dictionary<string, Func<ConnectivityDefinition, ConfigNode, string, ErrorList, ConnectivityDefinition>>
    {
        ["ip"] = (d, n, _, _) => n.Text() is { } v ? d with { ListenIp = v } : d,
        ["port"] = (d, n, _, _) => n.Int() is { } v ? d with { ListenPort = v } : d,
    });

    internal static readonly ObjectBinder<TurnServerDefinition> Turn = new("turn_server", new Dictionary<string, Func<TurnServerDefinition, ConfigNode, string, ErrorList, TurnServerDefinition>>
    {
        ["address"] = (d, n, _, _) => AddressOf(n) is { } a ? d with { Host = a.Key, Port = a.Value } : d,
        ["username"] = (d, n, _, _) => n.Text() is { } v ? d with { Username = v } : d,
        ["password_file"] = (d, n, _, _) => n.Text() is { } v ? d with { PasswordFile = v } : d,
        ["password_env"] = (d, n, _, _) => n.Text() is { } v ? d with { PasswordEnv = v } : d,
        ["auth_secret_file"] = (d, n, _, _) => n.Text() is { } v ? d with { AuthSecretFile = v } : d,
        ["auth_secret_env"] = (d, n, _, _) => n.Text() is { } v ? d with { AuthSecretEnv = v } : d,
    });

    internal static readonly ObjectBinder<ConnectivityDefinition> Section = new("connectivity", new Dictionary<string, Func<ConnectivityDefinition, ConfigNode, string, ErrorList, ConnectivityDefinition>>
    {
        ["listen"] = (d, n, p, e) => Listen.Bind(d, n, p, e),
        ["tcp_port"] = (d, n, _, _) => n.Int() is { } v ? d with { ListenPort = v } : d,
        ["methods"] = (d, n, _, _) => d with { Methods = n.Strings() },
        ["budgets"] = (d, n, _, _) => d with { Budgets = EquatableArray.From(n.Properties.Where(b => b.Value.Double() is > 0).Select(b => KeyValuePair.Create(b.Name, TimeSpan.FromSeconds(b.Value.Double()!.Value)))) },
        ["default_budget"] = (d, n, _, _) => n.Double() is { } v and > 0 ? d with { DefaultBudget = TimeSpan.FromSeconds(v) } : d,
        ["stun_servers"] = (d, n, _, _) => d with { StunServers = EquatableArray.From(n.Items.Select(AddressOf).OfType<KeyValuePair<string, int>>()) },
        ["handlers"] = (d, n, _, _) => d with { Handlers = n.Strings() },
        ["turn"] = (d, n, p, e) => d with { Turn = n.List(p, (item, ip) => Turn.Bind(new() { Origin = item.Origin }, item, ip, e)) },
    });

    /// <summary>Every binder of the section, for the schema/code consistency test.</summary>
    internal static IEnumerable<(string SchemaDefinition, IEnumerable<string> Keys)> All =>
        [(Section.SchemaDefinition, Section.Keys), (Listen.SchemaDefinition, Listen.Keys), (Turn.SchemaDefinition, Turn.Keys)];

    /// <summary>Binds the section and reports every problem the schema cannot see.</summary>
    public static ConnectivityDefinition Bind(ConfigNode node, string path, ErrorList errors)
    {
        var bound = Section.Bind(new() { Origin = node.Origin }, node, path, errors);
        Check(bound, node, path, errors);
        return bound;
    }

    private static void Check(ConnectivityDefinition section, ConfigNode node, string path, ErrorList errors)
    {
        if (node.Get("listen")?.Get("port") is not null && node.Get("tcp_port") is { } tcpPort)
            errors.Add(tcpPort.Origin, ConfigNode.Child(path, "tcp_port"), "give the pipe server's port once: tcp_port or listen.port, not both");

        if (!IPAddress.TryParse(section.ListenIp, out _) && node.Get("listen")?.Get("ip") is { } ip)
            errors.Add(ip.Origin, ConfigNode.Child(path, "listen.ip"), $"'{section.ListenIp}' is not an IP address");

        if (node.Get("methods") is { } methods)
        {
            for (var i = 0; i < methods.Items.Count; i++)
            {
                if (methods.Items[i].Text() is { } m && section.Methods.Items.IndexOf(m) != i)
                    errors.Add(methods.Items[i].Origin, ConfigNode.Child(ConfigNode.Child(path, "methods"), i), $"method '{m}' is listed twice");
            }
        }

        if (node.Get("budgets") is { } budgets)
        {
            foreach (var budget in budgets.Properties.Where(b => ConnectivityDefinition.KnownMethods.Contains(b.Name) && !section.Methods.Items.Contains(b.Name)))
                errors.Add(budget.Value.Origin, ConfigNode.Child(ConfigNode.Child(path, "budgets"), budget.Name), $"a budget for '{budget.Name}', which methods does not list");
        }

        if (section.Methods.Items.Contains("relay") && section.Turn.Items.Length == 0)
            errors.Add(node.Get("methods")?.Origin ?? node.Origin, ConfigNode.Child(path, "methods"), "the relay method needs at least one turn: entry (a TURN server)");

        var turnNode = node.Get("turn");
        for (var i = 0; i < section.Turn.Items.Length && turnNode is not null && i < turnNode.Items.Count; i++)
        {
            var entry = section.Turn.Items[i];
            var entryNode = turnNode.Items[i];
            var entryPath = ConfigNode.Child(ConfigNode.Child(path, "turn"), i);
            if (entryNode.Get("address") is { } address && !IPAddress.TryParse(entry.Host, out _))
                errors.Add(address.Origin, ConfigNode.Child(entryPath, "address"), $"'{entry.Host}' is not an IP address");
            var sources = new[] { entry.PasswordFile, entry.PasswordEnv, entry.AuthSecretFile, entry.AuthSecretEnv }.Count(s => s is not null);
            if (sources != 1)
            {
                errors.Add(entryNode.Origin, entryPath, sources == 0
                    ? "a TURN entry needs one secret source: password_file, password_env, auth_secret_file or auth_secret_env (secrets are never written inline)"
                    : "a TURN entry takes exactly one secret source: password_file, password_env, auth_secret_file or auth_secret_env");
            }
            else if (!entry.UsesAuthSecret && entry.Username.Length == 0)
            {
                errors.Add(entryNode.Origin, entryPath, "long-term TURN credentials (password_file or password_env) need a username");
            }
        }
    }

    private static KeyValuePair<string, int>? AddressOf(ConfigNode node) =>
        node.Kind == ConfigValueKind.Array && node.Items.Count == 2 && node.Items[0].Text() is { } host && node.Items[1].Int() is { } port
            ? KeyValuePair.Create(host, port)
            : null;
}
